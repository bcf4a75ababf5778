/**
Forget a removed feed's cached data, for `evnews feeds rm` and the reader's feed menu alike: its posts, state and
bodies, its cached full text, its WordPress site record, and its entries in the library index and counting view
(folded out now, so the next start does not list it). Each store removes its own files.
Marks are kept: the marks log is shared by every process and merged, and re-adding the feed restores them.
*/
import {removeFeedFiles} from '../store/cache.js';
import {removeFullText} from '../store/full-text-store.js';
import {readLibraryIndex} from '../store/library-index.js';
import {getPaths} from '../store/paths.js';
import {removeSite} from '../wordpress/site-cache.js';

export function forgetFeed(url: string, cacheDirectory = getPaths().cache): {warnings: string[]} {
	removeFeedFiles(url, cacheDirectory, () => {
		removeFullText(url, cacheDirectory);
	});
	removeSite(url, cacheDirectory);
	return {warnings: readLibraryIndex(cacheDirectory).warnings};
}
