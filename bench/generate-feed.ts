/**
A deterministic WordPress-style RSS 2.0 generator for benchmarks (and for tests that want big feeds).
Modelled on the shape of a WordPress EV-news feed (perf-notes §2): numeric character references in titles,
`dc:creator` and categories in CDATA, a non-permalink guid, an excerpt `description` and a ~5 KB
`content:encoded` body with paragraphs, links, headings, lists, a figure, a blockquote and a code block.
All text is invented here; nothing is copied from a real feed.
*/

export type GeneratedItem = {
	/** 0-based position in the feed; item 0 is the newest. */
	index: number;
	postId: number;
	/** The title as it appears in the XML (with `&#8217;` and `&#038;` references). */
	titleXml: string;
	/** The same title decoded, as a reader would show it. */
	title: string;
	link: string;
	guid: string;
	author: string;
	categories: string[];
	/** RFC 822 date. */
	pubDate: string;
	/** ISO 8601 date. */
	published: string;
	excerptHtml: string;
	contentHtml: string;
};

export type FeedOptions = {
	/** Number of items. */
	items: number;
	/** Site origin used in links and guids. */
	site?: string;
	/** Approximate size of each `content:encoded` body in bytes. */
	contentBytes?: number;
	/** PRNG seed: the same seed and options always give the same bytes. */
	seed?: number;
	/** Newest item date. */
	newest?: Date;
};

/** Mulberry32: small, fast, deterministic. */
function makeRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D_2B_79_F5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const makers = ['Tesla', 'BYD', 'Hyundai', 'Kia', 'Polestar', 'MG', 'Volvo', 'Nissan', 'Rivian', 'Zeekr', 'Kia', 'BMW'];
const models = ['Model Y', 'Seal', 'Ioniq 5', 'EV6', 'Polestar 4', 'MG4', 'EX30', 'Leaf', 'R2', '7X', 'EV9', 'iX1'];
const topics = [
	'battery swap trial',
	'fast-charging corridor',
	'home battery rebate',
	'vehicle-to-grid pilot',
	'price cut',
	'range test',
	'fleet order',
	'charging tariff',
	'solar carport',
	'e-bus tender',
];
const verbs = ['unveils', 'confirms', 'delays', 'expands', 'wins', 'slashes', 'opens', 'launches'];
const authors = ['Riley Marsh', 'Dana Okafor', 'Sam Whitlow', 'Priya Natarajan', 'Jo Lindqvist', 'Chris Ferreira'];
const categoryPool = ['Electric Vehicles', 'Charging', 'Batteries', 'Policy', 'Renewables', 'Fleet', 'Storage', 'Trucks'];
const words = (
	'the grid operator said new chargers would open along the highway before summer while owners reported '
	+ 'longer range in mild weather and lower running costs than petrol cars over five years of ownership '
	+ 'analysts expect demand for smaller hatchbacks to rise as prices fall and incentives return to the market'
).split(' ');
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pick<T>(random: () => number, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)]!;
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

/** RFC 822 date as WordPress writes it: `Wed, 25 Nov 2026 22:15:00 +0000`. */
export function rfc822(date: Date): string {
	return `${days[date.getUTCDay()]!}, ${pad(date.getUTCDate())} ${months[date.getUTCMonth()]!} ${date.getUTCFullYear()} `
		+ `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function sentence(random: () => number, min = 8, max = 20): string {
	const count = min + Math.floor(random() * (max - min));
	const parts: string[] = [];
	for (let i = 0; i < count; i++) {
		parts.push(pick(random, words));
	}

	const text = parts.join(' ');
	return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraph(random: () => number, site: string): string {
	const sentences: string[] = [];
	const count = 2 + Math.floor(random() * 3);
	for (let i = 0; i < count; i++) {
		sentences.push(sentence(random));
	}

	// One inline link and some emphasis in most paragraphs, and a typographic apostrophe.
	if (random() < 0.7) {
		sentences.splice(1, 0, `Read the <a href="${site}/2026/10/${Math.floor(random() * 28) + 1}/report/">full report</a> on <strong>charging</strong>.`);
	}

	return `<p>${sentences.join(' ')} It&#8217;s <em>early days</em>.</p>`;
}

/** An article body of about `bytes` bytes, built from varied WordPress blocks. */
export function generateArticleHtml(options: {bytes: number; seed?: number; site?: string; codeBlocks?: number}): string {
	const random = makeRandom(options.seed ?? 7);
	const site = options.site ?? 'https://volt.example';
	const codeBlocks = options.codeBlocks ?? 1;
	const blocks: string[] = [];
	let size = 0;
	let block = 0;
	let codes = 0;
	const push = (html: string) => {
		blocks.push(html);
		size += html.length + 1;
	};

	while (size < options.bytes) {
		const kind = block % 9;
		block++;
		switch (kind) {
			case 2: {
				push(`<h2 class="wp-block-heading">${sentence(random, 3, 7).slice(0, -1)}</h2>`);
				break;
			}

			case 4: {
				const items: string[] = [];
				const count = 3 + Math.floor(random() * 3);
				for (let i = 0; i < count; i++) {
					items.push(`<li>${sentence(random, 4, 9)}</li>`);
				}

				push(`<ul class="wp-block-list">${items.join('')}</ul>`);
				break;
			}

			case 5: {
				const n = Math.floor(random() * 900) + 100;
				push(`<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="576" src="${site}/wp-content/uploads/2026/11/ev-${n}-1024x576.jpg" alt="${pick(random, makers)} charging" class="wp-image-${n}" srcset="${site}/wp-content/uploads/2026/11/ev-${n}-1024x576.jpg 1024w, ${site}/wp-content/uploads/2026/11/ev-${n}-300x169.jpg 300w" sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption class="wp-element-caption">Image: ${pick(random, makers)} &#8211; supplied</figcaption></figure>`);
				break;
			}

			case 7: {
				push(`<blockquote class="wp-block-quote"><p>&#8220;${sentence(random)}&#8221;</p><cite>${pick(random, authors)}</cite></blockquote>`);
				break;
			}

			case 8: {
				if (codes < codeBlocks) {
					codes++;
					push('<pre class="wp-block-code"><code>charge_kw = battery_kwh * c_rate\nminutes = 60 * (0.8 - 0.1) * battery_kwh / charge_kw</code></pre>');
				} else {
					push(paragraph(random, site));
				}

				break;
			}

			default: {
				push(paragraph(random, site));
			}
		}
	}

	return blocks.join('\n');
}

/** The items of a generated feed, newest first. */
export function generateItems(options: FeedOptions): GeneratedItem[] {
	const site = options.site ?? 'https://volt.example';
	const random = makeRandom(options.seed ?? 42);
	const newest = options.newest ?? new Date(Date.UTC(2026, 10, 25, 22, 15, 0));
	const contentBytes = options.contentBytes ?? 4800;
	const items: GeneratedItem[] = [];
	for (let index = 0; index < options.items; index++) {
		const postId = 300_000 - index * 7;
		const maker = pick(random, makers);
		const model = pick(random, models);
		const topic = pick(random, topics);
		const verb = pick(random, verbs);
		// Titles start with plain ASCII words (so a screen scraper can find them) and carry the usual references.
		const base = `${maker} ${verb} ${topic} No. ${index + 1}`;
		const titleXml = `${base}: ${model}&#8217;s range &#038; price`;
		const title = `${base}: ${model}’s range & price`;
		const slug = base.toLowerCase().replaceAll(/[^a-z\d]+/g, '-');
		const date = new Date(newest.getTime() - index * 37 * 60 * 1000);
		const cats = ['EV News'];
		const catCount = 2 + Math.floor(random() * 3);
		while (cats.length < catCount + 1) {
			const cat = pick(random, categoryPool);
			if (!cats.includes(cat)) {
				cats.push(cat);
			}
		}

		const link = `${site}/2026/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${slug}/`;
		const excerpt = sentence(random, 20, 30);
		items.push({
			index,
			postId,
			titleXml,
			title,
			link,
			guid: `${site}/?p=${postId}`,
			author: pick(random, authors),
			categories: cats,
			pubDate: rfc822(date),
			published: date.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
			excerptHtml: `<p>${excerpt} [&#8230;]</p>\n<p>The post <a href="${link}">${titleXml}</a> appeared first on <a href="${site}">The Volt</a>.</p>`,
			contentHtml: generateArticleHtml({bytes: contentBytes, seed: (options.seed ?? 42) * 100_003 + index, site}),
		});
	}

	return items;
}

function renderItem(item: GeneratedItem): string {
	return `	<item>
		<title>${item.titleXml}</title>
		<link>${item.link}</link>
		<comments>${item.link}#respond</comments>
		<dc:creator><![CDATA[${item.author}]]></dc:creator>
		<pubDate>${item.pubDate}</pubDate>
${item.categories.map(cat => `		<category><![CDATA[${cat}]]></category>`).join('\n')}
		<guid isPermaLink="false">${item.guid}</guid>
		<description><![CDATA[${item.excerptHtml}]]></description>
		<content:encoded><![CDATA[${item.contentHtml}]]></content:encoded>
		<wfw:commentRss>${item.link}feed/</wfw:commentRss>
		<slash:comments>${item.postId % 5}</slash:comments>
		<post-id xmlns="com-wordpress:feed-additions:1">${item.postId}</post-id>
	</item>`;
}

/** Render items as a WordPress RSS 2.0 document. */
export function renderFeed(items: GeneratedItem[], options: {site?: string; selfUrl?: string; title?: string} = {}): string {
	const site = options.site ?? 'https://volt.example';
	const self = options.selfUrl ?? `${site}/feed/`;
	const lastBuild = items[0] ? items[0].pubDate : rfc822(new Date(Date.UTC(2026, 10, 25)));
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>${options.title ?? 'The Volt &#8211; EV news'}</title>
	<atom:link href="${self}" rel="self" type="application/rss+xml" />
	<link>${site}/</link>
	<description>Electric vehicles, batteries &#038; charging</description>
	<lastBuildDate>${lastBuild}</lastBuildDate>
	<language>en-AU</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.8.1</generator>

<image>
	<url>${site}/wp-content/uploads/2026/01/cropped-icon-32x32.png</url>
	<title>${options.title ?? 'The Volt &#8211; EV news'}</title>
	<link>${site}/</link>
	<width>32</width>
	<height>32</height>
</image>
${items.map(item => renderItem(item)).join('\n')}
	</channel>
</rss>
`;
}

/** A whole WordPress-style RSS feed of `options.items` items, deterministic. */
export function generateFeed(options: FeedOptions & {selfUrl?: string; title?: string}): string {
	return renderFeed(generateItems(options), options);
}
