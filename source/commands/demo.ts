import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {getPaths} from '../store/paths.js';
import type {Io} from '../query/run-options.js';

/**
`evnews --demo`: a built-in sample library, so someone offline can try every key. The feeds below are written
for evnews (no third-party text), served by a loopback HTTP server started in-process (the real fetch, parse and
cache code runs), and every file the reader writes (config, marks, cache) lives in a temp folder that is removed
on exit. The user's own config and marks are never read or written.
*/

type DemoPost = {title: string; hours: number; categories: string[]; author?: string; body: string; enclosure?: string};
type DemoFeed = {slug: string; title: string; folder?: string; posts: DemoPost[]; status?: number};

const paragraph = (...sentences: string[]) => `<p>${sentences.join(' ')}</p>`;

/** Everything here is invented for the demo. */
export const demoFeeds: readonly DemoFeed[] = [
	{
		slug: 'volt-weekly',
		title: 'Volt Weekly',
		folder: 'Demo · Cars',
		posts: [
			{title: 'A small hatchback with a big battery', hours: 1, categories: ['EV', 'Reviews'], author: 'Demo Desk', body: paragraph('This is a sample post from the evnews demo library.', 'Press Enter to open it, Esc to go back, and o to open its link.') + paragraph('Nothing here comes from the network: the demo serves its own feeds on 127.0.0.1.')},
			{title: 'Charging at home: what the numbers say', hours: 5, categories: ['Charging'], author: 'Demo Desk', body: paragraph('A worked example: a 7 kW wallbox adds about 40 km of range per hour.', 'The figures are made up for the demo.') + '<ul><li>Overnight: a full battery</li><li>Lunch break: a top-up</li></ul>'},
			{title: 'Used EV prices, explained', hours: 26, categories: ['EV', 'Market'], body: paragraph('Prices of used cars move with new-car discounts.', 'Try / and type "prices" to search every feed.')},
			{title: 'Heat pumps in winter tests', hours: 50, categories: ['Reviews', 'Batteries'], body: paragraph('Cold weather costs range; a heat pump wins some of it back.', 'Press s to star this post, m to mark it unread again.')},
			{title: 'Three questions about battery warranties', hours: 75, categories: ['Batteries'], body: paragraph('How long, how much capacity, and who pays.', 'Press n for the next unread post, across feeds.')},
		],
	},
	{
		slug: 'road-tests',
		title: 'Road Tests',
		folder: 'Demo · Cars',
		posts: [
			{title: 'Long-distance run: 1,000 km in a day', hours: 3, categories: ['Reviews', 'Charging'], author: 'Test Driver', body: paragraph('Seven stops, one slow charger, and a lot of coffee.', 'Press u to show unread posts only.')},
			{title: 'Podcast: the road-test round-up', hours: 30, categories: ['Podcast'], author: 'Test Driver', body: paragraph('This episode has an audio enclosure (a demo file that does not exist).'), enclosure: 'episode-1.mp3'},
			{title: 'Towing with an electric pickup', hours: 98, categories: ['Reviews'], body: paragraph('Range halves with a heavy trailer; planning the stops matters.')},
		],
	},
	{
		slug: 'grid-notes',
		title: 'Grid Notes',
		folder: 'Demo · Energy',
		posts: [
			{title: 'Solar on the school roof', hours: 2, categories: ['Solar'], author: 'Grid Notes', body: paragraph('A sample story about a community solar project.', 'Press O to show the oldest posts first.')},
			{title: 'What a home battery is for', hours: 20, categories: ['Storage', 'Batteries'], body: paragraph('Shifting cheap night power to the evening peak.')},
			{title: 'The grid on a windy night', hours: 44, categories: ['Grid', 'Wind'], body: paragraph('When the wind blows at night, prices can go negative.')},
			{title: 'Vehicle-to-grid pilots', hours: 120, categories: ['Grid', 'Charging'], body: paragraph('Parked cars as a battery for the street.')},
		],
	},
	{slug: 'offline-station', title: 'Offline (demo)', posts: [], status: 503},
];

function escape(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function demoRss(origin: string, feed: DemoFeed, now: number): string {
	const items = feed.posts.map((post, index) => `
<item>
<title>${escape(post.title)}</title>
<link>${origin}/${feed.slug}/${index + 1}</link>
<guid isPermaLink="false">evnews-demo-${feed.slug}-${index + 1}</guid>
<pubDate>${new Date(now - post.hours * 3_600_000).toUTCString()}</pubDate>
${post.author ? `<dc:creator>${escape(post.author)}</dc:creator>` : ''}
${post.categories.map(category => `<category>${escape(category)}</category>`).join('')}
${post.enclosure ? `<enclosure url="${origin}/${feed.slug}/${post.enclosure}" type="audio/mpeg" length="1000"/>` : ''}
<description>${escape(post.body.replaceAll(/<[^>]+>/g, ' ').slice(0, 200))}</description>
<content:encoded><![CDATA[${post.body}]]></content:encoded>
</item>`).join('');
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${escape(feed.title)}</title>
<link>${origin}/${feed.slug}/</link>
<description>An evnews demo feed (sample text, served locally)</description>${items}
</channel>
</rss>`;
}

export type Demo = {
	/** XDG folders inside the demo's temp folder (merge into the environment). */
	env: NodeJS.ProcessEnv;
	sources: string[];
	directory: string;
	close(): Promise<void>;
};

/** Start the loopback server and write the demo's config into a fresh temp folder. */
export async function startDemo(now = Date.now()): Promise<Demo> {
	let origin = '';
	const bySlug = new Map(demoFeeds.map(feed => [feed.slug, feed]));
	const server = http.createServer((request, response) => {
		const slug = /^\/([a-z-]+)\.xml$/.exec(request.url ?? '')?.[1];
		const feed = slug === undefined ? undefined : bySlug.get(slug);
		if (!feed) {
			response.writeHead(404, {'content-type': 'text/plain'});
			response.end('not found (evnews demo)');
			return;
		}

		if (feed.status) {
			response.writeHead(feed.status, {'content-type': 'text/plain'});
			response.end('the demo\'s failing feed');
			return;
		}

		response.writeHead(200, {'content-type': 'application/rss+xml; charset=utf-8'});
		response.end(demoRss(origin, feed, now));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	server.unref();
	origin = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-demo-'));
	const env = {
		EVNEWS_DEMO: '1',
		XDG_CONFIG_HOME: path.join(directory, 'config'),
		XDG_DATA_HOME: path.join(directory, 'data'),
		XDG_CACHE_HOME: path.join(directory, 'cache'),
	};
	const feeds = demoFeeds.map(feed => ({url: `${origin}/${feed.slug}.xml`, title: feed.title, ...(feed.folder ? {folder: feed.folder} : {})}));
	fs.mkdirSync(path.join(env.XDG_CONFIG_HOME, 'evnews'), {recursive: true});
	fs.writeFileSync(path.join(env.XDG_CONFIG_HOME, 'evnews', 'config.json'), JSON.stringify({feeds, refreshMinutes: 60}, undefined, '\t') + '\n');
	return {
		env,
		sources: feeds.map(feed => feed.url),
		directory,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => {
				server.close(resolve);
			});
			fs.rmSync(directory, {recursive: true, force: true});
		},
	};
}

/** Run `run` with the demo's environment (the feeds fetched once first, so the first frame is full); then clean up. */
export async function withDemo<T extends Pick<Io, 'env'>>(io: T, run: (io: T) => Promise<number>): Promise<number> {
	const demo = await startDemo();
	try {
		const env = {...io.env, ...demo.env};
		const {refreshFeeds} = await import('../refresh/refresh.js');
		await refreshFeeds(demo.sources, {force: true, cacheDirectory: getPaths(env).cache, fetchOptions: {deadlineMs: 5000}});
		return await run({...io, env});
	} finally {
		await demo.close();
	}
}
