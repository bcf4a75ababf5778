/**
The per-feed `fullText` preference: after a refresh fetched a feed, fetch the full text of its new posts in the
background, one request at a time per host (a limiter of its own, so feed refreshes are never held up), at most
`limits.fullTextBackgroundPerFeed` per feed per refresh, newest first. A post is tried once per session.
Self-contained: the caller hands it each refresh outcome (reader-services' onUpdate); refresh.ts is unchanged.
*/
import type {Limiter} from '../feed/limiter.js';
import {limits} from '../feed/limits.js';
import type {FeedSnapshot} from '../feed/types.js';
import {fullTextIds} from '../store/full-text-store.js';
import type {FetchedFullText, FullTextPost} from './fetch-full-text.js';

/** ISO dates, newest first; a post without one last. Compared as strings, without a collator. */
function newestFirst(left: string | null, right: string | null): number {
	left ??= '';
	right ??= '';
	if (left === right) {
		return 0;
	}

	return left < right ? 1 : -1;
}

export type BackgroundOptions = {
	/** Sources and feed URLs with `fullText: true`. */
	feeds: readonly string[];
	cacheDirectory?: string | undefined;
	keep?: () => Iterable<string>;
	/** Injected for tests. */
	fetch?: (post: FullTextPost, limiter: Limiter) => Promise<FetchedFullText>;
	onDone?: (post: FullTextPost, result: FetchedFullText) => void;
};

export type RefreshedFeed = {source: string; url: string; status: string; snapshot?: FeedSnapshot | undefined};

export function createBackgroundFullText(options: BackgroundOptions) {
	const feeds = new Set(options.feeds);
	const tried = new Set<string>();
	let limiter: Promise<Limiter> | undefined;
	let stopped = false;
	const pending = new Set<Promise<unknown>>();

	const fetchOne = async (post: FullTextPost) => {
		limiter ??= import('../feed/limiter.js').then(module => module.createLimiter({maxPerHost: 1}));
		const shared = await limiter;
		const fetch = options.fetch ?? (async (target: FullTextPost, limit: Limiter) => (await import('./fetch-full-text.js')).fetchFullText(target, {
			cacheDirectory: options.cacheDirectory,
			keep: options.keep?.() ?? [],
			limiter: limit,
		}));
		if (stopped) {
			return;
		}

		const result = await fetch(post, shared);
		if (!stopped) {
			options.onDone?.(post, result);
		}
	};

	return {
		/** The posts of `outcome` that would be fetched (exported for tests). */
		wanted(outcome: RefreshedFeed): FullTextPost[] {
			if (outcome.status !== 'fetched' || !outcome.snapshot || (!feeds.has(outcome.source) && !feeds.has(outcome.url))) {
				return [];
			}

			const cached = new Set(fullTextIds(outcome.snapshot.url, options.cacheDirectory));
			return outcome.snapshot.posts
				.filter(post => post.link && !cached.has(post.id) && !tried.has(`${outcome.snapshot!.url}\n${post.id}`))
				.toSorted((a, b) => newestFirst(a.published, b.published))
				.slice(0, limits.fullTextBackgroundPerFeed);
		},
		/** Start the background fetches for one refresh outcome; returns at once. */
		afterRefresh(outcome: RefreshedFeed): void {
			for (const post of this.wanted(outcome)) {
				tried.add(`${outcome.snapshot!.url}\n${post.id}`);
				const task = fetchOne(post).catch(() => undefined);
				pending.add(task);
				void task.finally(() => pending.delete(task));
			}
		},
		/** Wait for the fetches started so far (tests, and a clean exit). */
		async idle(): Promise<void> {
			await Promise.all(pending);
		},
		stop(): void {
			stopped = true;
		},
	};
}
