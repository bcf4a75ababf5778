import path from 'node:path';
import test from 'ava';
import {refreshFeeds} from '../source/refresh/refresh.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {serveRoutes} from './helpers/servers.js';

const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><guid>a</guid></item></channel></rss>';

test('a permanent redirect is recorded as movedTo in the outcome; a temporary one is not (control)', async t => {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const server = await serveRoutes({
		'/old': {status: 301, headers: {location: '/new'}},
		'/temp': {status: 302, headers: {location: '/new'}},
		'/new': {headers: {'content-type': 'application/rss+xml'}, body: rss},
	});
	t.teardown(server.close);
	const [moved, temporary] = await refreshFeeds([server.url('/old'), server.url('/temp')], {cacheDirectory: path.join(environment.dir, 'cache')});
	t.is(moved!.status, 'fetched');
	t.is(moved!.url, server.url('/old'));
	t.is(moved!.movedTo, server.url('/new'));
	t.is(temporary!.status, 'fetched');
	t.is(temporary!.movedTo, undefined);
});
