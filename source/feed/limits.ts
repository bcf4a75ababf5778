/** Every bound the engine enforces, in one place. */
export const limits = {
	/** Overall deadline per feed, including slow-drip bodies. */
	deadlineMs: 20_000,
	/** Time to wait for response headers. */
	headersTimeoutMs: 15_000,
	/** Longest gap between two body chunks. */
	bodyIdleTimeoutMs: 10_000,
	connectTimeoutMs: 10_000,
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
	summaryMax: 280,
	urlMax: 2048,
	htmlMax: 512 * 1024,
	/** The reader's memory: bodies and rendered articles held at once (bytes, UTF-16), and entries. */
	readerBodyCacheBytes: 16 * 1024 * 1024,
	readerRenderedCacheBytes: 16 * 1024 * 1024,
	readerCacheEntries: 200,
	/** The library index's list of feeds written since it was last folded: folded by the writer beyond this. */
	libraryPendingMaxBytes: 256 * 1024,
} as const;
