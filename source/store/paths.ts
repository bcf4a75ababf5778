import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

export type Paths = {
	/** $XDG_CONFIG_HOME/evnews */
	config: string;
	configFile: string;
	/** $XDG_DATA_HOME/evnews: marks and starred snapshots. */
	data: string;
	/** $XDG_CACHE_HOME/evnews: feed snapshots. */
	cache: string;
	/** $XDG_STATE_HOME/evnews: the `--new` cursors. */
	state: string;
};

function xdg(variable: string, fallback: string[], env: NodeJS.ProcessEnv): string {
	const value = env[variable];
	// The XDG spec says relative paths are invalid and must be ignored.
	if (value && path.isAbsolute(value)) {
		return path.join(value, 'evnews');
	}

	const home = env.HOME ?? os.homedir();
	if (!home) {
		throw new Error(`no home directory: set ${variable} or HOME`);
	}

	return path.join(home, ...fallback, 'evnews');
}

/** Where evnews keeps its files. Reads the environment each call, so tests can point it at temp folders. */
export function getPaths(env: NodeJS.ProcessEnv = process.env): Paths {
	const config = xdg('XDG_CONFIG_HOME', ['.config'], env);
	return {
		config,
		configFile: path.join(config, 'config.json'),
		data: xdg('XDG_DATA_HOME', ['.local', 'share'], env),
		cache: xdg('XDG_CACHE_HOME', ['.cache'], env),
		state: xdg('XDG_STATE_HOME', ['.local', 'state'], env),
	};
}
