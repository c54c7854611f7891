import { defineConfig, type Plugin, type Connect } from 'vite';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

// Development and preview only: serve web/fixtures/*.json under /api in the API's shapes, so the
// page (and the browser test) runs without the Rust server. The real server embeds web/dist and
// answers /api itself; nothing of this goes into the bundle.
const fixtures = resolve(__dirname, 'fixtures');
const load = (name: string) => JSON.parse(readFileSync(resolve(fixtures, name), 'utf8'));

/** A letters-only pattern: «قرهباغ» matches «قره باغ» and «قره‌باغ» (spaces and ZWNJ optional). */
function looseRegExp(query: string): RegExp | null {
  const letters = [...query.replace(/[\s\u200c]+/g, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (letters.length === 0) return null;
  return new RegExp(letters.join('[\\s\\u200c]*'), 'g');
}

function search(url: URL) {
  const re = looseRegExp(url.searchParams.get('q') ?? '');
  const docs = load('documents.json').documents as { id: string }[];
  const hits = [];
  for (const meta of docs) {
    const doc = load(`document-${meta.id}.json`);
    if (!re) continue;
    for (const m of (doc.text as string).matchAll(re)) {
      const s = Math.max(0, m.index! - 60);
      const e = Math.min(doc.text.length, m.index! + m[0].length + 60);
      const enc = new TextEncoder();
      // One hit per document, as the store gives them; the first match opens the reader.
      hits.push({
        doc: doc.id, title: doc.title, source: doc.source, score: 1,
        snippet: doc.text.slice(s, e),
        highlights: [{ u16_start: m.index! - s, u16_end: m.index! - s + m[0].length }],
        match: {
          start: enc.encode(doc.text.slice(0, m.index)).length,
          end: enc.encode(doc.text.slice(0, m.index! + m[0].length)).length,
          u16_start: m.index, u16_end: m.index! + m[0].length,
        },
      });
      break;
    }
  }
  return { query: url.searchParams.get('q'), total: hits.length, took_ms: 0, hits };
}

const fixtureApi: Connect.NextHandleFunction = (req, res, next) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith('/api/')) return next();
  const route = url.pathname.slice(5);
  let body: unknown = null;
  if (route === 'search') body = search(url);
  else if (route === 'timeline') body = load('timeline.json');
  else if (route === 'claims') {
    const groups = load('claims.json').groups as { disputed: boolean }[];
    body = { groups: url.searchParams.get('disputed') === 'true' ? groups.filter((g) => g.disputed) : groups };
  } else if (route === 'places') body = load('places.json');
  else if (route === 'documents') body = load('documents.json');
  else if (route.startsWith('documents/')) {
    const id = decodeURIComponent(route.slice(10));
    const file = `document-${id}.json`;
    if (/^[\w-]+$/.test(id) && existsSync(resolve(fixtures, file))) body = load(file);
  }
  if (body === null) {
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: `no fixture for ${url.pathname}` }));
    return;
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
};

const fixturesPlugin = (): Plugin => ({
  name: 'sanad-fixture-api',
  configureServer: (server) => void server.middlewares.use(fixtureApi),
  configurePreviewServer: (server) => void server.middlewares.use(fixtureApi),
});

export default defineConfig({
  base: '/',
  // SANAD_API=http://127.0.0.1:PORT proxies /api to a running sanad server instead of the fixtures.
  plugins: process.env.SANAD_API ? [] : [fixturesPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: process.env.SANAD_API ? { '/api': process.env.SANAD_API } : undefined },
});
