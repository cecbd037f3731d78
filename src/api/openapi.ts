/**
 * An OpenAPI 3.1 description generated from the route table (route.ts) and the report catalog, served
 * at /openapi.json: one list of routes, so the description cannot miss one the server answers.
 */
import { readFileSync } from 'node:fs';
import { CONTENT_TYPES, type RouteSpec } from './route.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const ERROR_SCHEMA = {
  type: 'object',
  required: ['ok', 'status', 'error', 'errors'],
  properties: {
    ok: { const: false },
    status: { type: 'integer', description: 'the HTTP status again' },
    error: { type: 'string', description: 'what went wrong and what to do, in one sentence' },
    errors: { type: 'array', items: { type: 'string' }, description: 'details (e.g. each bad row of an upload)' },
  },
};

const FILTER_HELP = 'filter, written as on the command line: dim=value, dim=a,b (any of), dim!=value, dim>=value, dim<=value, dim>value, dim<value';

export function openApi(routes: RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.hidden) continue;
    const parameters = [
      ...route.params.map((p) => ({
        name: p.name, in: 'query', required: p.required ?? false, description: p.description,
        schema: { type: p.type ?? 'string', ...(p.enum ? { enum: p.enum } : {}) },
      })),
      ...Object.entries(route.filters ?? {}).map(([name, definition]) => ({
        name, in: 'query', required: false, description: `${definition}. ${FILTER_HELP}`, schema: { type: 'string' },
      })),
    ];
    const type = route.format === 'asset' ? 'application/octet-stream' : CONTENT_TYPES[route.format].split(';')[0];
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      tags: [route.tag],
      parameters,
      responses: {
        [route.method === 'POST' ? '201' : '200']: { description: 'success', content: { [type]: {} } },
        ...(route.method === 'POST' ? { 200: { description: 'already ingested: nothing stored twice', content: { [type]: {} } } } : {}),
        400: { description: 'bad parameters (unknown dimension, malformed date, SQL that is not one SELECT …)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...(route.write ? {
          401: { description: 'missing or wrong token', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          403: { description: 'the server is read-only (no token configured)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        } : {}),
      },
      ...(route.write ? { security: [{ bearer: [] }] } : {}),
      ...(route.accepts ? { requestBody: { required: true, content: Object.fromEntries(route.accepts.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } } : {}),
      ...(route.cached ? { 'x-cached': 'responses are cached per data version; ETag and If-None-Match are honoured' } : {}),
    };
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'deportwatch API',
      version: VERSION,
      description: 'Read-only data twins of every deportwatch table and report (JSON, CSV, NDJSON, GeoJSON), a sandboxed SQL endpoint, and token-protected uploads. Every count carries its definitions, caveats and source files. See docs/api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the token from the server\'s --token-file or $DEPORTWATCH_TOKEN' } },
    },
  };
}
