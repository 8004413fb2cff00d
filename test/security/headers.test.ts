import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '../../scripts/security-headers.ts';

/** Returns the policy's directives: name → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

/** Returns whether a CSP host source (`https://host` or `https://*.host`, or 'self' for `origin`) allows `url`. */
function allows(sources: readonly string[], url: string, origin: string): boolean {
  const target = new URL(url);
  return sources.some((source) => {
    if (source === "'self'") return target.origin === origin;
    const match = /^(https?):\/\/(\*\.)?([^/]+)$/.exec(source);
    if (!match || `${match[1]}:` !== target.protocol) return false;
    return match[2] ? target.hostname.endsWith(`.${match[3]}`) : target.hostname === match[3];
  });
}

const policy = directives(contentSecurityPolicy);
const app = 'http://127.0.0.1:4173';

describe('the Content-Security-Policy both servers send', () => {
  it('lets the page and its workers connect only to the app and the model hosts', () => {
    const connect = policy.get('connect-src')!;
    expect(connect).toEqual([
      "'self'",
      'https://huggingface.co',
      'https://*.huggingface.co',
      'https://*.hf.co',
      'https://raw.githubusercontent.com',
    ]);
    for (const url of [
      `${app}/models/index.json`,
      'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC/resolve/main/mlc-chat-config.json',
      'https://cdn-lfs.huggingface.co/repos/x/y',
      'https://cdn-lfs-us-1.hf.co/repos/x/y',
      'https://cas-bridge.xethub.hf.co/xet-bridge-us/x',
      'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_80/x.wasm',
    ])
      expect(allows(connect, url, app), url).toBe(true);
    for (const url of [
      'https://example.com/leak',
      'http://huggingface.co/x',
      'https://huggingface.co.evil.example/x',
      'https://evilhf.co/x',
      'https://github.com/x',
      'http://127.0.0.1:8080/v1/chat/completions',
      'wss://example.com/',
    ])
      expect(allows(connect, url, app), url).toBe(false);
  });

  it("allows every model and model library in WebLLM's catalogue", () => {
    const connect = policy.get('connect-src')!;
    const urls = prebuiltAppConfig.model_list.flatMap((record) => [record.model, record.model_lib]);
    expect(urls.length).toBeGreaterThan(100);
    expect(urls.filter((url) => !allows(connect, url, app))).toEqual([]);
  });

  it('keeps everything else to the app itself: no plugins, frames, forms or foreign scripts', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    // 'unsafe-eval': the sandbox builds heuristics with new Function inside the evaluation workers.
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"]);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(securityHeaders).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'X-Content-Type-Options': 'nosniff',
    });
  });
});
