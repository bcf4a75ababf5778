/**
A real WordPress for integration tests (../shared/wordpress/, see its README).
- `WORDPRESS_URL` (REST on, pretty permalinks) and `WORDPRESS_NOREST_URL` (REST off, plain permalinks), as .ci/run
  exports them, are used as they are;
- else, when the Debian packages are installed, a private instance is started (and stopped by `stop`);
- else the site is a string: the reason to skip, naming the setup command.
*/
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);

export type WordPressSite = {
	url: string;
	rest: boolean;
	plain: boolean;
	/** The KEY=VALUE lines start-wordpress.sh printed (WORDPRESS_CATEGORY_IDS…), when this helper started it. */
	env: Record<string, string>;
	stop(): Promise<void>;
};

export const setupCommand = 'apt-get install -y wordpress mariadb-server php-cli php-mysql curl (see ../shared/wordpress/README.md), or set WORDPRESS_URL';

function startScript(): string | undefined {
	const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
	const candidates = [process.env.WORDPRESS_START, path.join(root, '../shared/wordpress/start-wordpress.sh'), '/work/shared/wordpress/start-wordpress.sh'];
	return candidates.find(candidate => candidate !== undefined && candidate !== '' && fs.existsSync(candidate));
}

function installed(): boolean {
	return fs.existsSync('/usr/share/wordpress/wp-includes/version.php') && ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].some(file => fs.existsSync(file)) && fs.existsSync('/usr/bin/php');
}

/** A WordPress site with REST on and pretty permalinks (`rest: false` gives REST off and plain permalinks), or why not. */
export async function wordpressSite(options: {rest?: boolean} = {}): Promise<WordPressSite | string> {
	const rest = options.rest ?? true;
	const given = process.env[rest ? 'WORDPRESS_URL' : 'WORDPRESS_NOREST_URL'];
	if (given) {
		return {url: given.replace(/\/$/, ''), rest, plain: !rest, env: {}, async stop() {}};
	}

	const script = startScript();
	if (!installed() || script === undefined) {
		return `WordPress is not installed: ${setupCommand}`;
	}

	// A short path: MariaDB's unix socket lives in it.
	const dir = fs.mkdtempSync('/tmp/evwp.');
	fs.rmdirSync(dir);
	const {stdout} = await run(script, ['--dir', dir, ...(rest ? [] : ['--no-rest', '--plain'])], {timeout: 120_000});
	const env = Object.fromEntries(stdout.split('\n').filter(line => line.includes('=')).map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
	return {
		url: env.WORDPRESS_URL!,
		rest,
		plain: !rest,
		env,
		async stop() {
			await run(script, ['stop', dir, '--clean'], {timeout: 60_000});
		},
	};
}

/** The seeded category ids (`ev-news` → 2…): from the site's env, else the seed's fixed values. */
export function categoryIds(site: WordPressSite): Record<string, number> {
	const text = site.env.WORDPRESS_CATEGORY_IDS ?? process.env.WORDPRESS_CATEGORY_IDS ?? 'ev-news:2,batteries:3,charging:4,policy:5,reviews:6,tesla:7';
	return Object.fromEntries(text.split(',').map(pair => pair.split(':')).map(([slug, id]) => [slug!, Number(id)]));
}
