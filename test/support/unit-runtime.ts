/**
 * Unit tests run the app's pure code as a Forge function runs it: inside a runtime whose code
 * folder holds the app's translations (`local/app-code.ts`), so e-mails, pages and gate messages
 * read the locale files. Storage and the products are not there: a unit test never reaches them.
 */
import { installForgeRuntime } from '../../local/runtime';

const absent = (what: string) => () => Promise.reject(new Error(`No ${what} in unit tests`));

installForgeRuntime({ kvs: absent('storage'), product: absent('product') });
