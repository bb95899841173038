/** The Confluence site's database: the shared statement cache, and its id sequences. */
import { SqlDatabase, StoreArea } from '../../sql';

export class ConfluenceDatabase extends SqlDatabase {
  /** Hands out the next id of a sequence (inside the caller's transaction). */
  nextId(sequence: 'space' | 'content', first: number): number {
    const row = this.statement<[string], { next_id: number }>(
      'SELECT next_id FROM confluence_sequences WHERE name = ?',
    ).get(sequence);
    const id = row?.next_id ?? first;
    this.statement(
      `INSERT INTO confluence_sequences (name, next_id) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET next_id = excluded.next_id`,
    ).run(sequence, id + 1);
    return id;
  }
}

/** The store of one area of the Confluence site. */
export abstract class ConfluenceArea extends StoreArea<ConfluenceDatabase> {}

/** Spaces and pages share the content ids' sequence with templates, as in Confluence. */
export const FIRST_SPACE_ID = 98305;
export const FIRST_CONTENT_ID = 65537;
