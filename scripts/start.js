// `npm start`: serves the built app (npm start builds it first) on PORT with the embedded database.
// ORIGIN defaults to http://localhost:PORT: adapter-node otherwise assumes https, which would break
// log-in (Secure cookies, form origin checks) on a plain-http local start.
const port = process.env.PORT || '3000';
process.env.PORT = port;
process.env.ORIGIN ||= `http://localhost:${port}`;
// adapter-node refuses bodies over 512 KB by default; a full draft (500 spans with long notes) is larger.
process.env.BODY_SIZE_LIMIT ||= '5M';
await import('../build/index.js');
console.log(`\n  Newsmark is running. Open ${process.env.ORIGIN} in your browser.\n`);
