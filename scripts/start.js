// `npm start`: serves the built app (npm start builds it first) on PORT with the embedded database.
// ORIGIN defaults to http://localhost:PORT: adapter-node otherwise assumes https, which would break
// log-in (Secure cookies, form origin checks) on a plain-http local start.
import { SERVER_DEFAULTS } from './server-defaults.js';

const port = process.env.PORT || '3000';
process.env.PORT = port;
process.env.ORIGIN ||= `http://localhost:${port}`;
for (const [k, v] of Object.entries(SERVER_DEFAULTS)) process.env[k] ||= v;
await import('../build/index.js');
console.log(`\n  Newsmark is running. Open ${process.env.ORIGIN} in your browser.\n`);
