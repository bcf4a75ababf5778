/**
The one article header, for the reader, `evnews read` on a terminal and `evnews read` piped (markdown):
title, `author · date · feed`, categories, the link's host, the enclosures (`▶ audio/mpeg · 48 MB · 1:02:13 [1]`,
numbered first so that `1` then `o` opens the episode), and where full text came from.
*/
import chalk from 'chalk';
import type {Enclosure} from '../feed/types.js';
import {limits} from '../feed/limits.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {formatDate, type TimeZone} from './dates.js';
import {wrapLine} from './wrap-line.js';
import {truncate} from './truncate.js';
import {httpUrlWithoutLogin} from './http-url.js';

export type HeaderInput = {
	title: string;
	author: string | null;
	published: string | null;
	categories: readonly string[];
	link: string | null;
	feedTitle: string;
	enclosures?: readonly Enclosure[] | undefined;
	starred?: boolean | undefined;
	/** The host the full text was fetched from, when the body is full text. */
	fullTextFrom?: string | undefined;
};

export type HeaderFields = {
	title: string;
	meta: string;
	categories: string;
	host: string;
	/** One line per enclosure, with its link number. */
	enclosures: string[];
	fullText: string;
};

/** The link's host, in punycode when the host is not ASCII (`new URL().host` does that); '' when not http(s). */
export function linkHost(link: string | null | undefined): string {
	if (!link) {
		return '';
	}

	try {
		const url = new URL(link);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			return '';
		}

		return sanitizeLine(url.host, limits.shownMessageMax);
	} catch {
		return '';
	}
}

/** The enclosures worth showing: http(s), each URL once, at most `limits.maxEnclosures`. */
export function usableEnclosures(enclosures: readonly Enclosure[] | undefined): Enclosure[] {
	const seen = new Set<string>();
	const kept: Enclosure[] = [];
	for (const enclosure of Array.isArray(enclosures) ? enclosures : []) {
		const candidate = enclosure as Partial<Enclosure> | undefined;
		const url = httpUrlWithoutLogin(candidate?.url);
		if (url && !seen.has(url) && kept.length < limits.maxEnclosures) {
			seen.add(url);
			kept.push({...candidate, url} as Enclosure);
		}
	}

	return kept;
}

/** `48 MB`, `820 KB`, `1.5 GB` (decimal units, as podcast apps show them), or ''. */
export function formatSize(bytes: number | null | undefined): string {
	if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes <= 0) {
		return '';
	}

	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}

	const shown = value >= 10 || unit === 0 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
	return `${shown} ${units[unit]}`;
}

/** `1:02:13`, `4:05`, or ''. */
export function formatDuration(seconds: number | null | undefined): string {
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
		return '';
	}

	const total = Math.round(seconds);
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const rest = String(total % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** `▶ audio/mpeg · 48 MB · 1:02:13 [1]`. */
export function enclosureLine(enclosure: Enclosure, number: number): string {
	const type = sanitizeLine(enclosure.type ?? '', limits.shownShortMax) || 'file';
	const mark = /^(?:audio|video)\//.test(type) ? '▶' : '↓';
	return [`${mark} ${type}`, formatSize(enclosure.length), formatDuration(enclosure.duration)].filter(Boolean).join(' · ') + ` [${number}]`;
}

/** Header fields as plain, sanitised lines. */
export function headerFields(input: HeaderInput, timeZone: TimeZone = 'local'): HeaderFields {
	const title = sanitizeLine(input.title, limits.titleMax) || '(untitled)';
	const meta = [
		sanitizeLine(input.author ?? '', limits.authorMax),
		formatDate(input.published, timeZone),
		sanitizeLine(input.feedTitle, limits.titleMax),
		input.starred ? '★ starred' : '',
	].filter(Boolean).join(' · ');
	const categories = (Array.isArray(input.categories) ? input.categories : [])
		.slice(0, limits.maxCategories)
		.map(category => sanitizeLine(category, limits.categoryMax))
		.filter(Boolean)
		.join(', ');
	const enclosures = usableEnclosures(input.enclosures).map((enclosure, index) => enclosureLine(enclosure, index + 1));
	const from = sanitizeLine(input.fullTextFrom ?? '', limits.shownMessageMax);
	return {title, meta, categories, host: linkHost(input.link), enclosures, fullText: from ? `full text from ${from}` : ''};
}

export type HeaderOptions = {width: number; color: boolean; timeZone?: TimeZone | undefined; maxTitleLines?: number};

/** The article header for a terminal, every line wrapped to `width`. With colour: a bold title and dim metadata. */
export function renderHeader(input: HeaderInput, options: HeaderOptions): string[] {
	const width = Math.max(10, Math.floor(options.width));
	const fields = headerFields(input, options.timeZone);
	const lines: string[] = [];
	const add = (text: string, styler: (text: string) => string, maxLines = Number.POSITIVE_INFINITY) => {
		if (!text) {
			return;
		}

		// Wrap the plain text first, then style each line, so every line is self-contained.
		const wrapped = wrapLine(text, width);
		for (const [index, line] of wrapped.slice(0, maxLines).entries()) {
			const cut = index === maxLines - 1 && wrapped.length > maxLines ? truncate(line, width - 1) : line;
			const shown = cut === line ? line : (cut.endsWith('…') ? cut : cut + '…');
			lines.push(options.color ? styler(shown) : shown);
		}
	};

	add(fields.title, chalk.bold, options.maxTitleLines);
	add(fields.meta, chalk.dim);
	add(fields.categories ? `# ${fields.categories}` : '', chalk.dim.italic);
	add(fields.host ? `⇗ ${fields.host}` : '', chalk.cyan);
	for (const line of fields.enclosures) {
		add(line, chalk.cyan);
	}

	add(fields.fullText, chalk.dim);
	return lines;
}

/** The header as markdown lines for `evnews read` piped. */
export function headerMarkdown(input: HeaderInput, timeZone: TimeZone = 'local'): string[] {
	const fields = headerFields(input, timeZone);
	const lines = [`# ${fields.title}`, ''];
	if (fields.meta) {
		lines.push(fields.meta);
	}

	if (fields.categories) {
		lines.push(`Categories: ${fields.categories}`);
	}

	if (input.link) {
		lines.push(`Link: ${sanitizeLine(input.link, limits.shownUrlMax)}`);
	}

	for (const line of fields.enclosures) {
		lines.push(`Enclosure: ${line}`);
	}

	if (fields.fullText) {
		lines.push(`Source: ${fields.fullText}`);
	}

	return lines;
}
