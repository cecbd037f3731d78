// User queries in their own process (started by ./sql-process.ts): reads jobs as JSON lines on stdin,
// one at a time; for each, opens the database read-only with the sandbox configuration, runs the query,
// closes the database (so a writer is never kept waiting by an idle process) and writes one JSON line
// to stdout. Plain JavaScript, so the process starts without a compiler. The parent's watchdog kills
// this process when a query outlasts its time or memory limit.
import { DuckDBInstance, StatementType } from '@duckdb/node-api';

function plainValue(value, jsonValue, type) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date || type.startsWith('DATE') || type.startsWith('TIMESTAMP') || type.startsWith('TIME')) return jsonValue;
  return value;
}

const firstLine = (message) => String(message).split('\n')[0];
const reply = (value) => new Promise((resolve) => process.stdout.write(`${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`, resolve));

async function run(job) {
  let instance;
  try {
    instance = await DuckDBInstance.create(job.path, { ...job.config, access_mode: 'READ_ONLY' });
  } catch (error) {
    return { ok: false, kind: 'failed', message: `the database could not be opened for this query: ${firstLine(error.message)}` };
  }
  try {
    return await runOn(instance, job);
  } finally {
    instance.closeSync();
  }
}

async function runOn(instance, job) {
  const connection = await instance.connect();
  try {
    return await answer(connection, job);
  } finally {
    connection.closeSync();
  }
}

async function answer(connection, job) {
  let statements;
  try {
    statements = await connection.extractStatements(job.sql);
  } catch (error) {
    return { ok: false, kind: 'usage', message: `SQL does not parse: ${firstLine(error.message)}` };
  }
  if (statements.count !== 1) return { ok: false, kind: 'usage', message: `send exactly one SQL statement (got ${statements.count})` };
  let prepared;
  try {
    prepared = await statements.prepare(0);
  } catch (error) {
    return { ok: false, kind: 'usage', message: `SQL cannot run: ${firstLine(error.message)}` };
  }
  if (prepared.statementType !== StatementType.SELECT) {
    return { ok: false, kind: 'usage', message: `only SELECT queries are allowed here (got a ${StatementType[prepared.statementType]} statement); the database is read-only` };
  }
  try {
    const reader = await connection.runAndReadAll(job.limited);
    const names = reader.columnNames();
    const types = reader.columnTypes().map(String);
    const json = reader.getRowObjectsJson();
    const rows = reader.getRowObjectsJS().map((jsRow, i) => {
      const row = {};
      names.forEach((name, c) => { row[name] = plainValue(jsRow[name], json[i][name], types[c]); });
      return row;
    });
    return { ok: true, columns: names, types, rows };
  } catch (error) {
    return { ok: false, kind: 'usage', message: `query failed: ${firstLine(error.message)}` };
  }
}

let input = '';
let busy = Promise.resolve();
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
  for (let end = input.indexOf('\n'); end !== -1; end = input.indexOf('\n')) {
    const job = JSON.parse(input.slice(0, end));
    input = input.slice(end + 1);
    busy = busy.then(() => run(job).catch((error) => ({ ok: false, kind: 'failed', message: firstLine(error?.message ?? error) })).then(reply));
  }
});
// The parent went away: finish the job in hand, then stop.
process.stdin.on('end', () => { void busy.then(() => process.exit(0)); });
