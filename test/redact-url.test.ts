import test from 'ava';
import {redactUrl} from '../source/feed/urls.js';

test('a feed URL never shows its password, whatever else it holds', t => {
	t.is(redactUrl('https://user:secret@private.example/rss'), 'https://user:***@private.example/rss');
	t.is(redactUrl('http://a:b@127.0.0.1:8080/feed?x=1'), 'http://a:***@127.0.0.1:8080/feed?x=1');
	// Control: without the redaction the password would be printed.
	t.not(redactUrl('https://user:secret@private.example/rss'), 'https://user:secret@private.example/rss');
});

test('URLs without a password come back as they were (the shortcut: no "@", no parse)', t => {
	for (const url of ['https://ev.example/feed/', 'https://ev.example/@author/feed', 'https://user@ev.example/feed', 'not a url', 'https://ev.example/a%40b']) {
		t.is(redactUrl(url), url);
	}
});
