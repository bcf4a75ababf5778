/**
The reader's pure parts, for benchmarks and tests: build a state, feed it keys through the reducer, and render
it with `App` (or `Screen`, a pure function of a state) on any stdout. Nothing here touches the terminal.

Keypress → frame for a bench: render `<App initial={initialState(…)} services={…} theme={makeTheme('none', {})} />`
with Ink on a fake stdout (see test/helpers/render-ink.ts), write 'j' to its stdin and time until the next write.
*/
export {App, Screen, type ReaderServices} from './app.js';
export {defaultKeymap, keyNamesFromInk, resolveKeymap} from './keymap.js';
export {computeLayout} from './layout.js';
export {initialState, reduce, type ReaderEvent, type ReaderState} from './state.js';
export {makeTheme} from './theme.js';
export type {ReaderPost} from './types.js';
