// Imported first by the entry point: React and Ink must see NODE_ENV before they load (ink-notes P15).
import process from 'node:process';

process.env.NODE_ENV ??= 'production';
