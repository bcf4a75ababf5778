/**
The half of a refresh that runs only when a feed is fetched or parsed: the HTTP client, the XML and JSON parsers
(htmlparser2, the entity tables) and the WordPress hook. refresh.ts loads it on first use, so `--offline`, `unread`
and a reader that serves its cache never compile it (issue 8 §6).
*/
export {fetchFeed} from '../feed/fetch-feed.js';
export {parseBytes} from '../feed/parse-bytes.js';
export {afterFetch, keepArchived} from '../wordpress/on-fetch.js';
