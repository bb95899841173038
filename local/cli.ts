/**
 * `npm start`: the local Forge host with the demo company.
 *   --data DIR   where the SQLite file lives (default .local-data/)
 *   --reset      start over (delete the data first)
 *   --memory     keep nothing on disk
 *   --installed-in LIST   the Atlassian apps the installation is in, required one first
 *                (default `jira,confluence`; `confluence` plays the app before Jira is connected;
 *                `POST /__forge/installation` changes it while the host runs)
 * PORT chooses the port (default 4455). Binds 127.0.0.1 only.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startLocalHost } from './host';
import type { ProductName } from './runtime';

function productList(raw: string): ProductName[] {
  const names = raw.split(',').map((name) => name.trim().toLowerCase());
  return names.map((name) => {
    if (name !== 'jira' && name !== 'confluence') {
      throw new Error(`--installed-in takes jira and/or confluence, got "${name}"`);
    }
    return name;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      reset: { type: 'boolean', default: false },
      memory: { type: 'boolean', default: false },
      'installed-in': { type: 'string' },
    },
  });
  const port = Number(process.env.PORT ?? 4455);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${process.env.PORT ?? ''}"`);
  }
  const host = await startLocalHost({
    port,
    rolloutInProgress: true,
    reset: values.reset,
    memory: values.memory,
    ...(values.data ? { dataDir: resolve(values.data) } : {}),
    ...(values['installed-in'] ? { installedIn: productList(values['installed-in']) } : {}),
  });
  const where = values.memory ? 'in memory' : `in ${values.data ?? '.local-data/'}`;
  console.log(`Rollout Coordinator local Forge host ready at ${host.url ?? ''}/ (data ${where})`);
  const stop = (): void => {
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
