// Imported first by the entry point: React and Ink must see NODE_ENV before they load (ink-notes P15). The compile
// cache is turned on before this, by dist/compile-cache.js (compile-cache.ts).
import process from 'node:process';

process.env.NODE_ENV ??= 'production';
