import type {LibraryPost} from '../store/library.js';

/** A post with its marks: the one type the library, the CLI and the reader share (store/library's LibraryPost). */
export type ReaderPost = LibraryPost;

export type SortOrder = 'newest' | 'oldest';

/** A feed as the reader knows it (from the preferences and the cache). */
export type ReaderFeed = {source: string; title: string; /** The feed's site (its `<link>`), when known. */ site?: string};
