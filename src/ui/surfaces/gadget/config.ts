/** The gadget's saved configuration, read defensively from Jira's context (it may be empty). */
import {
  GADGET_ROLLOUTS_MAX,
  GADGET_VIEWS,
  type GadgetView,
} from '../../../contract/gadget-config';

export interface SavedConfig {
  rolloutIds: string[];
  view: GadgetView;
  refresh: number;
}

export function readConfig(raw: unknown): SavedConfig | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  const ids = Array.isArray(record.rolloutIds)
    ? record.rolloutIds
        .filter((id): id is string => typeof id === 'string')
        .slice(0, GADGET_ROLLOUTS_MAX)
    : [];
  if (ids.length === 0) return undefined;
  const view = GADGET_VIEWS.find((candidate) => candidate === record.view) ?? 'overview';
  const refresh = typeof record.refresh === 'number' ? record.refresh : 0;
  return { rolloutIds: ids, view, refresh };
}
