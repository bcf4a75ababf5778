import {reselect, screenRow} from './selection.js';
import {postById} from './selectors.js';
import type {Effect, ReaderState} from './state-types.js';
import type {ReaderPost} from './types.js';

/** Read and starred marks in the state (their writes queued as effects), and opening a post. */

export function setFlags(posts: ReaderPost[], ids: ReadonlySet<string>, patch: Partial<Pick<ReaderPost, 'read' | 'starred'>>): ReaderPost[] {
	return posts.map(post => {
		if (!ids.has(post.id)) {
			return post;
		}

		const changed = (patch.read !== undefined && patch.read !== post.read) || (patch.starred !== undefined && patch.starred !== post.starred);
		return changed ? {...post, ...patch} : post;
	});
}

export function withEffects(state: ReaderState, ...effects: Effect[]): ReaderState {
	return {...state, effects: [...state.effects, ...effects]};
}

/** Mark posts read in the state (and queue the write). Under "unread only" the posts stay listed until the view changes. */
export function markRead(state: ReaderState, ids: string[], keep: boolean): ReaderState {
	const unread = ids.filter(id => postById(state, id)?.read === false);
	if (unread.length === 0) {
		return state;
	}

	const row = screenRow(state);
	const set = new Set(unread);
	let next: ReaderState = {...state, posts: setFlags(state.posts, set, {read: true})};
	if (keep) {
		next.keep = new Set([...state.keep, ...unread]);
	}

	next = withEffects(next, {type: 'mark-read', ids: unread});
	return reselect(next, row);
}

export function openPost(state: ReaderState, post: ReaderPost | undefined): ReaderState {
	if (!post) {
		return state;
	}

	const next: ReaderState = {...state, pane: 'article', openId: post.id, articleScroll: 0};
	return markRead(next, [post.id], true);
}
