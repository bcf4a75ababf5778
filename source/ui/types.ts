import type {Post} from '../feed/types.js';

/** A post with its marks, as the library hands it to the reader (same shape as store/library's LibraryPost). */
export type ReaderPost = Post & {read: boolean; starred: boolean};

export type SortOrder = 'newest' | 'oldest';

/** A feed as the reader knows it (from the preferences and the cache). */
export type ReaderFeed = {source: string; title: string};
