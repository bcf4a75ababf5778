import fs from 'node:fs';
import {sanitizeLine} from '../feed/sanitize.js';
import {wantsColor} from '../terminal/color.js';
import {limits} from '../feed/limits.js';
import {UsageError} from './context.js';

/**
`--template STRING|@FILE` (liquidjs, loaded only here). A template that names `posts` (`{% for post in posts %}`)
is rendered once with the whole array; any other template is rendered once per post, with the post's fields as
variables (`{{ title }}`), and the results are joined. Templates cannot run code: only own properties of the
data are visible (`ownPropertyOnly`), so `process`, `constructor` and `__proto__` render as nothing.
Filters (gh's helpers): timeago, timefmt, color, autocolor, join (built in), pluck, truncate, hyperlink,
tablerow and tablerender.
*/

const styles: Record<string, [number, number]> = {
	bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24],
	black: [30, 39], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], white: [37, 39], gray: [90, 39], grey: [90, 39],
};

function paint(text: string, style: string): string {
	const codes = String(style).split(/[+\s]+/).map(name => styles[name.toLowerCase()]).filter(code => code !== undefined);
	let result = text;
	for (const [open, close] of codes) {
		result = `\u001B[${open}m${result}\u001B[${close}m`;
	}

	return result;
}

/** Seconds per unit, its name, and the age below which it is used. */
const units: Array<[number, string, number]> = [[60, 'minute', 3600], [3600, 'hour', 86_400], [86_400, 'day', 2_592_000], [2_592_000, 'month', 31_536_000]];

/** "3 hours ago", "in 2 days", "just now"; empty for no date. */
export function timeago(value: unknown, now = Date.now()): string {
	const time = Date.parse(String(value ?? ''));
	if (Number.isNaN(time)) {
		return '';
	}

	const seconds = (now - time) / 1000;
	const absolute = Math.abs(seconds);
	if (absolute < 60) {
		return 'just now';
	}

	const [unit, name] = units.find(unit => absolute < unit[2]) ?? [31_536_000, 'year'];
	const count = Math.floor(absolute / unit);
	const text = `${count} ${name}${count === 1 ? '' : 's'}`;
	return seconds >= 0 ? `${text} ago` : `in ${text}`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Strftime in UTC: %Y %m %d %e %H %M %S %b %a %j %Z %%. */
export function timefmt(value: unknown, format = '%Y-%m-%d %H:%M'): string {
	const time = Date.parse(String(value ?? ''));
	if (Number.isNaN(time)) {
		return '';
	}

	const date = new Date(time);
	const pad = (number: number, width = 2) => String(number).padStart(width, '0');
	const parts: Record<string, string> = {
		Y: String(date.getUTCFullYear()), m: pad(date.getUTCMonth() + 1), d: pad(date.getUTCDate()), e: String(date.getUTCDate()),
		H: pad(date.getUTCHours()), M: pad(date.getUTCMinutes()), S: pad(date.getUTCSeconds()),
		b: months[date.getUTCMonth()]!, a: days[date.getUTCDay()]!, Z: 'UTC', '%': '%',
		j: pad(Math.floor((time - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
	};
	return String(format).replaceAll(/%([YmdeHMSbaZj%])/g, (_, key: string) => parts[key]!);
}

type Table = {rows: string[][]};

/** Options of the colour decision: `color` honours NO_COLOR/FORCE_COLOR; `autocolor` also needs a terminal. */
export type TemplateOptions = {env: NodeJS.ProcessEnv; isTTY: boolean; now?: number};

function makeFilters(options: TemplateOptions, table: Table) {
	const color = wantsColor('dark', options.env);
	const auto = color && (options.isTTY || (options.env.FORCE_COLOR !== undefined));
	return {
		timeago: (value: unknown) => timeago(value, options.now),
		timefmt: (value: unknown, format?: string) => timefmt(value, format),
		color: (value: unknown, style: string) => (color ? paint(String(value ?? ''), style) : String(value ?? '')),
		autocolor: (value: unknown, style: string) => (auto ? paint(String(value ?? ''), style) : String(value ?? '')),
		pluck: (value: unknown, field: string) => (Array.isArray(value) ? value.map(item => (item !== null && typeof item === 'object' && Object.hasOwn(item, field) ? (item as Record<string, unknown>)[field] : undefined)) : []),
		truncate(value: unknown, length: number) {
			const text = [...String(value ?? '')];
			const max = Math.max(1, Number(length) || 1);
			return text.length <= max ? text.join('') : text.slice(0, Math.max(0, max - 1)).join('') + '…';
		},
		hyperlink(value: unknown, url?: string) {
			const text = String(value ?? '');
			const target = sanitizeLine(url ?? text, limits.urlMax);
			return auto && /^https?:\/\//i.test(target) ? `\u001B]8;;${target}\u001B\\${text}\u001B]8;;\u001B\\` : text;
		},
		tablerow(value: unknown, ...cells: unknown[]) {
			table.rows.push([value, ...cells].map(cell => sanitizeLine(cell ?? '', limits.tableCellMax)));
			return '';
		},
		tablerender() {
			const widths: number[] = [];
			for (const row of table.rows) {
				for (const [index, cell] of row.entries()) {
					widths[index] = Math.max(widths[index] ?? 0, [...cell].length);
				}
			}

			const text = table.rows.map(row => row.map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat(widths[index]! - [...cell].length))).join('  ') + '\n').join('');
			table.rows = [];
			return text;
		},
	};
}

/** The template text: the flag itself, or a file's contents for `@FILE`. */
function templateSource(flag: string): string {
	if (!flag.startsWith('@')) {
		return flag;
	}

	try {
		return fs.readFileSync(flag.slice(1), 'utf8');
	} catch (error) {
		throw new UsageError(`--template: cannot read ${sanitizeLine(flag.slice(1), limits.shownNameMax)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'e.g. --template @post.liquid');
	}
}

function oneLine(error: unknown): string {
	return sanitizeLine(((error as Error).message ?? String(error)).split('\n')[0], limits.shownMessageMax);
}

/** Render the posts through the template. Template errors are usage errors (exit 2). */
export async function renderTemplate(posts: Array<Record<string, unknown>>, flag: string, options: TemplateOptions): Promise<string> {
	const source = templateSource(flag);
	const {Liquid} = await import('liquidjs');
	const engine = new Liquid({ownPropertyOnly: true, strictFilters: true, jsTruthy: false, cache: false});
	const table: Table = {rows: []};
	for (const [name, filter] of Object.entries(makeFilters(options, table))) {
		engine.registerFilter(name, filter as (...arguments_: unknown[]) => unknown);
	}

	// No file access from templates: {% include %}, {% render %} and {% layout %} are refused.
	for (const tag of ['include', 'render', 'layout']) {
		engine.registerTag(tag, {
			parse() {
				throw new Error(`{% ${tag} %} is not allowed in --template`);
			},
			// Liquidjs asks for a generator; this tag never renders (parse refuses it first).
			// eslint-disable-next-line require-yield
			* render() {
				return '';
			},
		});
	}

	let template;
	try {
		template = engine.parse(source);
	} catch (error) {
		throw new UsageError(`template: ${oneLine(error)}`, 'see https://liquidjs.com/tutorials/intro-to-liquid.html');
	}

	try {
		if (/{[{%][^}]*\bposts\b/.test(source)) {
			return engine.renderSync(template, {posts});
		}

		return posts.map(post => engine.renderSync(template, post) as string).join('');
	} catch (error) {
		throw new UsageError(`template: ${oneLine(error)}`, 'see https://liquidjs.com/tutorials/intro-to-liquid.html');
	}
}
