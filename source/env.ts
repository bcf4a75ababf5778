// Imported first by the entry point: React and Ink must see NODE_ENV before they load (ink-notes P15).
import process from 'node:process';
import {enableCompileCache} from './compile-cache.js';

process.env.NODE_ENV ??= 'production';
enableCompileCache();
