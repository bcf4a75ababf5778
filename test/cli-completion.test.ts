import {spawnSync} from 'node:child_process';
import test from 'ava';
import {completionScript} from '../source/commands/completion.js';

function bashComplete(words: string[], feeds: string[]): string[] {
	const script = completionScript('bash', feeds);
	const line = words.map(word => `'${word}'`).join(' ');
	const result = spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _evnews; printf '%s\\n' "\${COMPREPLY[@]}"`], {encoding: 'utf8'});
	return result.stdout.split('\n').filter(Boolean);
}

const feeds = ['https://ev.example/feed', 'https://user:secret@private.example/rss', 'https://x.example/\'; rm -rf ~'];

test('bash: commands, flags, --fields values and configured feed URLs', t => {
	t.deepEqual(bashComplete(['evnews', 'mark-'], feeds), ['mark-read', 'mark-unread']);
	t.deepEqual(bashComplete(['evnews', '--js'], feeds), ['--json', '--jsonl']);
	t.deepEqual(bashComplete(['evnews', '--fields', 'pub'], feeds), ['published']);
	t.deepEqual(bashComplete(['evnews', '--feed', 'https://'], feeds), ['https://ev.example/feed']);
	t.deepEqual(bashComplete(['evnews', 'completion', 'z'], feeds), ['zsh']);
	// Control: no match gives nothing.
	t.deepEqual(bashComplete(['evnews', 'zzz'], feeds), []);
});

test('a URL with a login or shell characters is left out of every script', t => {
	for (const shell of ['bash', 'zsh', 'fish']) {
		const script = completionScript(shell, feeds);
		t.true(script.includes('https://ev.example/feed'), shell);
		t.false(script.includes('secret'), shell);
		t.false(script.includes('rm -rf'), shell);
	}
});

test('zsh and fish scripts parse', t => {
	const fish = spawnSync('fish', ['--no-execute'], {input: completionScript('fish', feeds), encoding: 'utf8'});
	if (fish.error === undefined) {
		t.is(fish.status, 0, fish.stderr);
	}

	const zsh = spawnSync('zsh', ['-n'], {input: completionScript('zsh', feeds), encoding: 'utf8'});
	if (zsh.error === undefined) {
		t.is(zsh.status, 0, zsh.stderr);
	}

	t.throws(() => completionScript('powershell', feeds), {name: 'UsageError'});
});
