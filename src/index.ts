// Forge handlers, one line per manifest `function` entry.
import { buildResolver } from './resolvers';

export const handler = buildResolver().getDefinitions();
