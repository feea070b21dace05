/**
 * The annotation engine of Newsmark in one import: tags and shared types, article text, span
 * validation, selectors and re-anchoring, comparison and grading, agreement statistics, and W3C Web
 * Annotation export/import. Pure TypeScript: runs in the browser, on the server and from the CLI.
 */
export * from './tags';
export * from './types';
export * from './text';
export * from './spans';
export * from './selectors';
export * from './anchoring';
export * from './compare';
export * from './agreement';
export * from './w3c';
