/** Every bound the engine enforces, in one place. */
export const limits = {
	/** Overall deadline per feed, including slow-drip bodies. */
	deadlineMs: 20_000,
	/** Time to wait for response headers. */
	headersTimeoutMs: 15_000,
	/** Longest gap between two body chunks. */
	bodyIdleTimeoutMs: 10_000,
	/** TCP connect (the TLS handshake waits for the headers timer). */
	connectTimeoutMs: 10_000,
	/** Response headers in bytes; over it: `response headers too large`. */
	maxHeaderBytes: 16 * 1024,
	/** A kept-alive idle socket is closed after this long (undici's default). */
	keepAliveIdleMs: 4000,
	/** Validators longer than these are not kept (never sent back). */
	etagMax: 1024,
	lastModifiedMax: 200,
	/** An image's alt text in markdown. */
	altTextMax: 300,
	/** A URL or Content-Type quoted in a message or a result is cut to this many characters. */
	urlInMessageMax: 200,
	/** A warning from decoding or parsing, in characters. */
	warningMax: 300,
	contentTypeMax: 200,
	/** A request timer that expires after the event loop was blocked longer than this is re-armed for the blocked time. */
	timerSlackMs: 50,
	/** At most this much blocked time is credited back to one request timer in all. */
	timerCreditMaxMs: 60_000,
	maxRedirects: 5,
	/** Bytes after decompression (and on the wire). */
	maxBytes: 10 * 1024 * 1024,
	/** Element nesting in a feed document. */
	maxDepth: 64,
	/** Items kept from one feed (the first N in document order). */
	maxItems: 1000,
	/** Concurrency. */
	maxConcurrent: 8,
	maxPerHost: 2,
	/** Retry-After is clamped into [min, max]. */
	retryAfterMinMs: 60_000,
	retryAfterMaxMs: 48 * 60 * 60 * 1000,
	/** Field caps (characters). */
	titleMax: 1024,
	authorMax: 256,
	categoryMax: 64,
	maxCategories: 32,
	/** Enclosures kept per post. */
	maxEnclosures: 8,
	summaryMax: 280,
	urlMax: 2048,
	htmlMax: 512 * 1024,
	/** Discovery: `<link rel="alternate">` candidates verified per page. */
	discoveryMaxLinks: 4,
	/** A response's `Link` header is kept (for WordPress detection) up to this many characters. */
	linkHeaderMax: 16 * 1024,
	/** The reader's marks queue: a write that finds the marks lock held is retried after this, doubling up to the max. */
	marksRetryFirstMs: 25,
	marksRetryMaxMs: 1000,
	/** On quit, the queue waits this long for the lock before it gives up (and says what was not saved). */
	marksDrainTimeoutMs: 15_000,
	/** The reader's tree pane: categories shown before the long tail goes behind "more…". */
	treeCategoriesShown: 12,
	/** WordPress REST: pages of categories followed (100 each), posts per page, and how often each is re-asked. */
	wpCategoryMaxPages: 5,
	wpPerPageMax: 100,
	wpPostsMaxPages: 5,
	wpCategoriesMaxAgeMs: 24 * 60 * 60 * 1000,
	/** An API state `ok` is re-checked weekly; `unavailable` after an hour (a challenge: its Retry-After, if later). */
	wpApiOkMaxAgeMs: 7 * 24 * 60 * 60 * 1000,
	wpApiFailedMaxAgeMs: 60 * 60 * 1000,
	/** Backfill (`--limit N` past the cache): at most this many posts fetched per run; pages of a feed's `?paged=N`. */
	wpBackfillMaxPosts: 500,
	/** Posts asked for a category (`--category NAME` on a WordPress feed) or a site search without `--limit`. */
	wpCategoryPostsDefault: 10,
	wpFeedPagesMax: 50,
	/** Posts of a WordPress feed kept beyond its current feed document (backfilled, from categories, search). */
	wpArchiveMaxPosts: 5000,
	/** The reader's memory: bodies and rendered articles held at once (bytes, UTF-16), and entries. */
	readerBodyCacheBytes: 16 * 1024 * 1024,
	readerRenderedCacheBytes: 16 * 1024 * 1024,
	readerCacheEntries: 200,
	/** The reader's young generation (new space, both halves) stops growing at this size (young-generation.ts). */
	readerNewSpaceBytes: 16 * 1024 * 1024,
	/** The reader collects garbage after drawing nothing this long, once its old space grew by this much (idle-collection.ts). */
	idleCollectionMs: 1000,
	idleCollectionGrowthBytes: 16 * 1024 * 1024,
	/** A longer article opens on its first part (about this much HTML), drawn while the whole renders. */
	articleFirstScreenHtml: 12 * 1024,
	/** Names folded for comparison (categories, folders) remembered at once, and the longest one remembered. */
	foldedNamesMax: 8192,
	foldedNameLengthMax: 256,
	/** Full text (reader mode): the page on the wire, its HTML, and the deadline. */
	fullTextMaxBytes: 5 * 1024 * 1024,
	fullTextHtmlMax: 5 * 1024 * 1024,
	fullTextDeadlineMs: 15_000,
	/** Background full text (the per-feed `fullText` preference): new posts fetched per feed per refresh. */
	fullTextBackgroundPerFeed: 10,
	/**
	`--offline` holds V8's young generation at its first size (young-generation.ts) when the library index it parses
	is larger than this (about 2,000 posts): `--json --offline` of 10,000 posts ran 7–9% faster held, with 3,000
	fewer page faults (commands/collect-posts.ts, heapHolds).
	*/
	holdYoungIndexBytes: 1024 * 1024,
	/** A feed's new bodies are appended to its log this many characters of records at a time (store/body-store.ts). */
	bodyWriteChars: 32 * 1024,
	/** The library index's list of feeds written since it was last folded: folded by the writer beyond this. */
	libraryPendingMaxBytes: 256 * 1024,
	/** Lock files: how long a taker waits, when a held lock counts as stale, how old an unwritten one must be to be taken over. */
	lockTimeoutMs: 10_000,
	lockStaleMs: 30_000,
	lockUnwrittenStaleMs: 2000,
	/** The library index's lock is held briefly; a reader gives up on folding after this and reads the feeds' files. */
	libraryIndexLockTimeoutMs: 2000,
	/**
	Posts rendered at a time by `--json` and `--jsonl` (posts-json.ts): one batch's output objects alive at once, and
	its text (about 35 KB) small enough for V8's young generation. A batch of 500 made 330 KB strings, each one fresh
	memory in the large-object space; writing 10,000 posts took twice as long.
	*/
	jsonBatchPosts: 50,
	/** The newest posts kept in the library's head (library-head.json), for the first frame of a large library. */
	libraryHeadPosts: 200,
	/** A library of more posts than this opens from its head and counting view; the rest loads after the first frame. */
	readerHeadFirstMinPosts: 2000,
	/** Leftover temp files of an interrupted write are removed once older than this. */
	staleTempFileMs: 60_000,
	/** A post id in the marks log. */
	markIdMax: 1024,
	/** OPML: a folder or feed name, a head title read, and a URL quoted in a skip reason. */
	opmlNameMax: 200,
	opmlHeadTitleReadMax: 2000,
	/** Config.json, hand-edited or hostile: feeds listed, a feed URL, a title, a folder name, key bindings. */
	configMaxFeeds: 5000,
	configUrlMax: 2048,
	configTitleMax: 1024,
	configFolderMax: 1024,
	configMaxKeys: 200,
	/** HTML → markdown: nesting past which a document is converted as text only, distinct tag names tracked, a link title. */
	htmlScanDepthMax: 256,
	htmlTagNamesMax: 1000,
	linkTitleMax: 200,
	/** A message quoted from an error (a JSON parse error of config.json…), in characters. */
	errorMessageMax: 200,
	/** A `--new` cursor remembers at most this many post ids (the oldest delivered, not in the current posts, go first). */
	cursorMaxIds: 20_000,
	/** A `--new=NAME` name: letters, digits, `.`, `_`, `-`, at most this long. */
	cursorNameMax: 64,
	/** A cursor file over this size is not read: `cursor NAME is larger than N KB`. */
	cursorMaxBytes: 4 * 1024 * 1024,
	/** A second run of the same cursor waits this long for the first (which holds the cursor while it prints). */
	cursorLockWaitMs: 30_000,
	/** A cursor lock older than this is stale even if its holder lives (a dead holder's lock is stale at once). */
	cursorLockStaleMs: 60 * 60 * 1000,
	/**
	Text quoted in a message, a row or a header is cut to these many characters: a date column, a URL scheme, a
	user's argument in a usage error, a short token (a code, an encoding), a media type, a short label, a name
	(a title, URL or id in a message), an error's own message, a table cell, a long note, a stderr line, a URL
	copied or shown in full, a line, the status message, and a link in the article's list.
	*/
	shownDateMax: 10,
	shownSchemeMax: 20,
	shownArgumentMax: 40,
	shownTokenMax: 60,
	shownTypeMax: 80,
	shownShortMax: 100,
	shownNameMax: 200,
	shownMessageMax: 300,
	tableCellMax: 400,
	shownLongMax: 500,
	stderrLineMax: 600,
	shownCopiedUrlMax: 1000,
	shownLineMax: 1024,
	statusMessageMax: 2000,
	shownLinkMax: 4000,
	shownUrlMax: 4096,
} as const;
