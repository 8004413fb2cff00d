import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Reads a GGUF file's header, metadata and tensor infos (gguf.md), as a loader would. */
function readGguf(bytes: Buffer) {
  let at = 0;
  const u32 = () => ((at += 4), bytes.readUInt32LE(at - 4));
  const u64 = () => ((at += 8), Number(bytes.readBigUInt64LE(at - 8)));
  const string = () => {
    const length = u64();
    return ((at += length), bytes.toString('utf8', at - length, at));
  };
  const value = (type: number): unknown => {
    if (type === 4) return u32();
    if (type === 5) return ((at += 4), bytes.readInt32LE(at - 4));
    if (type === 6) return ((at += 4), bytes.readFloatLE(at - 4));
    if (type === 7) return bytes[at++] === 1;
    if (type === 8) return string();
    if (type === 9) {
      const of = u32();
      return Array.from({ length: u64() }, () => value(of));
    }
    throw new Error(`unexpected metadata type ${type} at byte ${at}`);
  };
  const magic = bytes.toString('latin1', 0, 4);
  at = 4;
  const version = u32();
  const tensorCount = u64();
  const metadataCount = u64();
  const metadata = new Map<string, unknown>();
  for (let i = 0; i < metadataCount; i++) {
    const key = string();
    metadata.set(key, value(u32()));
  }
  const tensors = Array.from({ length: tensorCount }, () => {
    const name = string();
    const dims = Array.from({ length: u32() }, u64);
    return { name, dims, type: u32(), offset: u64() };
  });
  const dataStart = Math.ceil(at / 32) * 32;
  return { magic, version, metadata, tensors, dataStart };
}

let dir: string;
let first: Buffer;
let second: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tiny-gguf-'));
  for (const name of ['a.gguf', 'b.gguf'])
    execFileSync(process.execPath, ['scripts/make-tiny-gguf.js', join(dir, name)]);
  first = readFileSync(join(dir, 'a.gguf'));
  second = readFileSync(join(dir, 'b.gguf'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('make-tiny-gguf.js', () => {
  it('writes byte-identical files on every run', () => {
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(first)).toBe(sha(second));
    expect(first.length).toBeGreaterThan(300_000);
    expect(first.length).toBeLessThan(1_000_000);
  });

  it('writes a GGUF v3 header with the tensor and metadata counts that follow', () => {
    const gguf = readGguf(first);
    expect(gguf.magic).toBe('GGUF');
    expect(gguf.version).toBe(3);
    expect(gguf.tensors).toHaveLength(3 + 2 * 9);
    expect([...gguf.metadata.keys()]).toEqual(
      expect.arrayContaining([
        'general.architecture',
        'general.alignment',
        'llama.context_length',
        'llama.embedding_length',
        'llama.block_count',
        'llama.feed_forward_length',
        'llama.attention.head_count',
        'llama.attention.head_count_kv',
        'llama.rope.dimension_count',
        'llama.attention.layer_norm_rms_epsilon',
        'tokenizer.ggml.model',
        'tokenizer.ggml.tokens',
        'tokenizer.ggml.scores',
        'tokenizer.ggml.token_type',
        'tokenizer.ggml.bos_token_id',
        'tokenizer.ggml.eos_token_id',
        'tokenizer.chat_template',
      ]),
    );
  });

  it('describes a 2-layer llama with n_embd 64, 4 heads and n_ff 128', () => {
    const { metadata } = readGguf(first);
    expect(metadata.get('general.architecture')).toBe('llama');
    expect(metadata.get('llama.block_count')).toBe(2);
    expect(metadata.get('llama.embedding_length')).toBe(64);
    expect(metadata.get('llama.attention.head_count')).toBe(4);
    expect(metadata.get('llama.feed_forward_length')).toBe(128);
    expect(metadata.get('tokenizer.ggml.model')).toBe('llama');
    expect(metadata.get('tokenizer.chat_template')).toMatch(/add_generation_prompt/);
  });

  it('has a vocabulary of unique ASCII tokens whose byte tokens are 0x0A and 0x20–0x7E only, and 0x80–0xFF as unused tokens', () => {
    const { metadata } = readGguf(first);
    const tokens = metadata.get('tokenizer.ggml.tokens') as string[];
    const types = metadata.get('tokenizer.ggml.token_type') as number[];
    expect(tokens.length).toBeGreaterThan(200);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(types).toHaveLength(tokens.length);
    expect((metadata.get('tokenizer.ggml.scores') as number[]).length).toBe(tokens.length);
    expect(tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    const bytes = tokens.filter((_, i) => types[i] === 6).map((t) => parseInt(t.slice(3, 5), 16));
    expect(bytes).toEqual([0x0a, ...Array.from({ length: 95 }, (_, i) => 0x20 + i)]);
    for (const token of tokens) expect(token, token).toMatch(/^[\x20-\x7e▁]+$/);
    // UTF-8 prompts need a fallback token for every byte; unused ones detokenize to nothing.
    const high = tokens.filter((_, i) => types[i] === 5).map((t) => parseInt(t.slice(3, 5), 16));
    expect(high).toEqual(Array.from({ length: 128 }, (_, i) => 0x80 + i));
  });

  it('lays out F32 tensors at aligned offsets that end exactly at the end of the file', () => {
    const { tensors, dataStart, metadata } = readGguf(first);
    const vocab = (metadata.get('tokenizer.ggml.tokens') as string[]).length;
    expect(tensors[0]).toMatchObject({ name: 'token_embd.weight', dims: [64, vocab], type: 0 });
    expect(tensors.map((t) => t.name)).toContain('blk.1.ffn_down.weight');
    let end = 0;
    for (const t of tensors) {
      expect(t.offset % 32, t.name).toBe(0);
      expect(t.offset, t.name).toBeGreaterThanOrEqual(end);
      end = t.offset + 4 * t.dims.reduce((a, b) => a * b, 1);
    }
    expect(dataStart + Math.ceil(end / 32) * 32).toBe(first.length);
    const weights = new Float32Array(first.buffer, first.byteOffset + dataStart, 64);
    expect(weights.every(Number.isFinite)).toBe(true);
    expect(new Set(weights).size).toBeGreaterThan(60);
  });
});
