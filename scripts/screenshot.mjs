#!/usr/bin/env node
// The readme's screenshot, made from the real reader: `evnews --demo` in a private tmux server, captured with its
// colours (capture-pane -e), converted from ANSI to SVG here (no dependency), written to media/demo.svg.
// Usage: node scripts/build.js && node scripts/screenshot.mjs [out.svg] [--keys "j j"]
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const keysAt = argv.indexOf('--keys');
const keys = keysAt === -1 ? [] : argv[keysAt + 1].split(/\s+/).filter(Boolean);
const out = argv.find((argument, index) => !argument.startsWith('--') && index !== keysAt + 1) ?? path.join(root, 'media', 'demo.svg');
const columns = 120;
const rows = 32;

// ---- ANSI (SGR) to cells --------------------------------------------------------------------------------

const palette = [
	'#1d1f21', '#cc6666', '#8fb573', '#e5c07b', '#6fa8dc', '#c397d8', '#70c0b1', '#d0d0d0',
	'#666666', '#ff7b7b', '#a8d98a', '#f0d58a', '#8cc4ff', '#dab3ff', '#8ee0d2', '#ffffff',
];
const foreground = '#d0d0d0';
const background = '#1d1f21';

function color256(n) {
	if (n < 16) {
		return palette[n];
	}

	if (n < 232) {
		const index = n - 16;
		const level = value => (value === 0 ? 0 : 55 + value * 40);
		const [r, g, b] = [Math.floor(index / 36), Math.floor(index / 6) % 6, index % 6].map(level);
		return `rgb(${r},${g},${b})`;
	}

	const gray = 8 + (n - 232) * 10;
	return `rgb(${gray},${gray},${gray})`;
}

/** Apply one SGR parameter list to a style. */
function applySgr(style, parameters) {
	const codes = parameters === '' ? [0] : parameters.split(/[;:]/).map(Number);
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index];
		switch (code) {
			case 0: {
				Object.assign(style, {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false, underline: false, italic: false});

				break;
			}

			case 1: {
				style.bold = true;

				break;
			}

			case 2: {
				style.dim = true;

				break;
			}

			case 3: {
				style.italic = true;

				break;
			}

			case 4: {
				style.underline = true;

				break;
			}

			case 7: {
				style.inverse = true;

				break;
			}

			case 22: {
				style.bold = false;
				style.dim = false;

				break;
			}

			case 23: {
				style.italic = false;

				break;
			}

			case 24: {
				style.underline = false;

				break;
			}

			case 27: {
				style.inverse = false;

				break;
			}

			default: {if (code >= 30 && code <= 37) {
				style.fg = palette[code - 30];
			} else if (code >= 90 && code <= 97) {
				style.fg = palette[code - 90 + 8];
			} else if (code >= 40 && code <= 47) {
				style.bg = palette[code - 40];
			} else if (code >= 100 && code <= 107) {
				style.bg = palette[code - 100 + 8];
			} else {
				switch (code) {
					case 39: {
						style.fg = undefined;

						break;
					}

					case 49: {
						style.bg = undefined;

						break;
					}

					case 38:
					case 48: {
						const key = code === 38 ? 'fg' : 'bg';
						if (codes[index + 1] === 5) {
							style[key] = color256(codes[index + 2]);
							index += 2;
						} else if (codes[index + 1] === 2) {
							style[key] = `rgb(${codes[index + 2]},${codes[index + 3]},${codes[index + 4]})`;
							index += 4;
						}

						break;
					}
 // No default
				}
			}
			}
		}
	}
}

/** One line of capture-pane -e output to runs of [text, style] (other escape sequences are dropped). */
export function ansiLineToRuns(line) {
	const runs = [];
	const style = {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false, underline: false, italic: false};

	const pattern = /\u001B\[([\d;:]*)m|\u001B\[[\d;?]*[A-Za-z]|\u001B][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B.|([^\u001B]+)/g;
	for (const match of line.matchAll(pattern)) {
		if (match[1] !== undefined) {
			applySgr(style, match[1]);
		} else if (match[2] !== undefined) {
			runs.push([match[2].replaceAll(/[\u0000-\u001F\u007F]/g, ''), {...style}]);
		}
	}

	return runs;
}

function escapeXml(text) {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function ansiToSvg(text, {width, height, title}) {
	const cell = {w: 8.4, h: 18};
	const pad = 12;
	const bar = 28;
	const lines = text.replace(/\n$/, '').split('\n').slice(0, height);
	const body = [];
	for (const [row, line] of lines.entries()) {
		let column = 0;
		const y = pad + bar + row * cell.h;
		for (const [part, style] of ansiLineToRuns(line)) {
			const characters = [...part];
			let fg = style.fg ?? foreground;
			let {bg} = style;
			if (style.inverse) {
				[fg, bg] = [bg ?? background, fg];
			}

			const x = pad + column * cell.w;
			if (bg) {
				body.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${(characters.length * cell.w).toFixed(1)}" height="${cell.h}" fill="${bg}"/>`);
			}

			if (part.trim() !== '') {
				const attributes = [
					`x="${x.toFixed(1)}"`,
					`y="${y + 13}"`,
					`fill="${fg}"`,
					style.bold ? 'font-weight="bold"' : '',
					style.dim ? 'opacity="0.6"' : '',
					style.italic ? 'font-style="italic"' : '',
					style.underline ? 'text-decoration="underline"' : '',
					`textLength="${(characters.length * cell.w).toFixed(1)}"`,
				].filter(Boolean).join(' ');
				body.push(`<text ${attributes}>${escapeXml(part)}</text>`);
			}

			column += characters.length;
		}
	}

	const svgWidth = Math.ceil(pad * 2 + width * cell.w);
	const svgHeight = Math.ceil(pad * 2 + bar + height * cell.h);
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${svgWidth}" height="${svgHeight}" viewBox="0 0 ${svgWidth} ${svgHeight}" font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="14" xml:space="preserve">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" rx="8" fill="${background}"/>
<circle cx="${pad + 8}" cy="${pad + 8}" r="6" fill="#ff5f56"/><circle cx="${pad + 28}" cy="${pad + 8}" r="6" fill="#ffbd2e"/><circle cx="${pad + 48}" cy="${pad + 8}" r="6" fill="#27c93f"/>
<text x="${svgWidth / 2}" y="${pad + 13}" fill="#999999" text-anchor="middle" font-size="12">${escapeXml(title)}</text>
${body.join('\n')}
</svg>
`;
}

// ---- Capture --------------------------------------------------------------------------------------------

function sleep(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function main() {
	const socket = `evnews-shot-${process.pid}`;
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-shot-'));
	// The demo keeps its state in its own temp folder; HOME points at an empty one too, so nothing of the user's is read.
	const env = {PATH: process.env.PATH, HOME: home, TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'C.UTF-8', FORCE_COLOR: '1'};
	const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {env, encoding: 'utf8'});
	const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'dist', 'cli.js'))} --demo`;
	try {
		tmux('new-session', '-d', '-x', String(columns), '-y', String(rows), command);
		const waitFor = (test, what) => {
			const deadline = Date.now() + 20_000;
			for (;;) {
				const screen = tmux('capture-pane', '-p');
				if (test(screen)) {
					return;
				}

				if (Date.now() > deadline) {
					throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
				}

				sleep(100);
			}
		};

		waitFor(screen => screen.includes('Volt Weekly'), 'the demo library');
		for (const key of keys) {
			tmux('send-keys', key);
			sleep(150);
		}

		waitFor(screen => !screen.includes('loading…') && screen.includes('Article'), 'the article preview');
		sleep(300);
		const ansi = tmux('capture-pane', '-p', '-e');
		fs.mkdirSync(path.dirname(out), {recursive: true});
		fs.writeFileSync(out, ansiToSvg(ansi, {width: columns, height: rows - 1, title: 'evnews --demo'}));
		process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
	} finally {
		try {
			tmux('kill-server');
		} catch {}

		fs.rmSync(home, {recursive: true, force: true});
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	main();
}
