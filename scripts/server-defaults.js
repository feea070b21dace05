// What `npm start` sets for adapter-node unless the environment says otherwise; the test and load
// servers start build/index.js with the same, so they measure the server as it is served.
export const SERVER_DEFAULTS = {
	// adapter-node refuses bodies over 512 KB by default; a full draft (500 spans with long notes) is larger.
	BODY_SIZE_LIMIT: '5M',
	// Seconds an idle keep-alive connection stays open. Node's 5 s races clients (and proxies) that
	// reuse a connection just as the server closes it: the request then fails with a reset. Longer
	// than the usual proxy idle timeout (60 s), as load balancer guides advise.
	KEEP_ALIVE_TIMEOUT: '65'
};
