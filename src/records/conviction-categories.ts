/** Derived lookups for record tables, filled after a file's rows are stored. */
import { classifyConviction } from '../domain/convictions.ts';
import type { Store } from '../engine/db.ts';
import { sqlIdent } from '../engine/sql.ts';

/** Classifies each conviction text of an ERO-LESA file (stored in `table`) not seen before (a few hundred distinct texts, not millions of rows). */
export async function recordConvictionCategories(store: Store, table: string, sourceId: number): Promise<void> {
  const fresh = await store.all<{ text: string }>(`SELECT DISTINCT most_serious_conviction AS text FROM ${sqlIdent(table)}
    WHERE source_id = $1 AND most_serious_conviction IS NOT NULL
      AND most_serious_conviction NOT IN (SELECT conviction_text FROM conviction_categories)`, [sourceId]);
  if (fresh.length === 0) return;
  const appender = await store.appender('conviction_categories');
  for (const { text } of fresh) {
    appender.appendVarchar(text);
    appender.appendVarchar(classifyConviction(text).category);
    appender.endRow();
  }
  appender.closeSync();
}
