import chalk from 'chalk';
import {limits} from '../../feed/limits.js';
import {sanitizeLine} from '../../feed/sanitize.js';
import {wrapLine} from './markdown-terminal.js';

export type HeaderInput = {
	title: string;
	author: string | null;
	published: string | null;
	categories: string[];
	link: string | null;
	feedTitle: string;
};

let dateFormat: Intl.DateTimeFormat | undefined;

/** `26 Nov 2026, 07:36` in local time, or undefined for a missing or invalid date. */
export function formatDate(iso: string | null): string | undefined {
	if (!iso) {
		return undefined;
	}

	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) {
		return undefined;
	}

	dateFormat ??= new Intl.DateTimeFormat('en-GB', {dateStyle: 'medium', timeStyle: 'short'});
	return dateFormat.format(date);
}

/** The link's host, in punycode when the host is not ASCII (`new URL().host` does that), or undefined. */
export function linkHost(link: string | null): string | undefined {
	if (!link) {
		return undefined;
	}

	try {
		const url = new URL(link);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			return undefined;
		}

		return sanitizeLine(url.host, 300) || undefined;
	} catch {
		return undefined;
	}
}

/** Header fields as plain, sanitised lines: title, `author · date · feed`, categories, host. */
export function headerFields(input: HeaderInput): {title: string; meta: string; categories: string; host: string} {
	const title = sanitizeLine(input.title, limits.titleMax) || '(untitled)';
	const meta = [
		sanitizeLine(input.author ?? '', limits.authorMax),
		formatDate(input.published) ?? '',
		sanitizeLine(input.feedTitle, limits.titleMax),
	].filter(Boolean).join(' · ');
	const categories = (Array.isArray(input.categories) ? input.categories : [])
		.slice(0, limits.maxCategories)
		.map(category => sanitizeLine(category, limits.categoryMax))
		.filter(Boolean)
		.join(', ');
	const host = linkHost(input.link) ?? '';
	return {title, meta, categories, host};
}

/** The article header, wrapped to `width`. With colour: a bold title and dim metadata. */
export function renderHeader(input: HeaderInput, options: {width: number; color: boolean}): string[] {
	const width = Math.max(10, Math.floor(options.width));
	const {title, meta, categories, host} = headerFields(input);
	const style = (text: string, styler: (text: string) => string) => options.color ? styler(text) : text;
	const lines: string[] = [];
	const add = (text: string, styler: (text: string) => string) => {
		if (text) {
			// Wrap the plain text first, then style each line, so every line is self-contained.
			for (const line of wrapLine(text, width)) {
				lines.push(style(line, styler));
			}
		}
	};

	add(title, chalk.bold);
	add(meta, chalk.dim);
	add(categories, chalk.dim.italic);
	add(host, chalk.cyan);
	return lines;
}
