// axios options that send http and https requests through an HTTP proxy (VS Code's http.proxy),
// shared by catalog reads and downloads. axios's own `proxy` option is switched off: it mishandles
// https targets behind a proxy.
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';

export function proxyAgents(proxy: string | undefined): { proxy: false; httpAgent?: HttpProxyAgent<string>; httpsAgent?: HttpsProxyAgent<string> } {
  return proxy ? { proxy: false, httpAgent: new HttpProxyAgent(proxy), httpsAgent: new HttpsProxyAgent(proxy) } : { proxy: false };
}
