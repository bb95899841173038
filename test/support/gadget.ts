/** The Rollout progress gadget as Jira hosts it on a dashboard, for resolver calls. */
import type { LocalHost } from '../../local/host';
import type { From } from './host';

export const GADGET_MODULE = 'rollout-progress';

export function gadgetExtension(
  config: Record<string, unknown> = {},
  entryPoint?: 'edit',
): Record<string, unknown> {
  return {
    gadget: { id: 'gadget-1' },
    dashboard: { id: '10000' },
    gadgetConfiguration: config,
    ...(entryPoint ? { entryPoint } : {}),
  };
}

export function gadget(host: LocalHost, config: Record<string, unknown> = {}): From {
  return { host, moduleKey: GADGET_MODULE, extension: gadgetExtension(config) };
}
