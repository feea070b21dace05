// `npm start`: serves the built app (npm start builds it first) on PORT with the embedded database.
const port = process.env.PORT || '3000';
process.env.PORT = port;
const host = process.env.ORIGIN || `http://localhost:${port}`;
await import('../build/index.js');
console.log(`\n  Newsmark is running. Open ${host} in your browser.\n`);
