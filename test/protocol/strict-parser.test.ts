import { describe, expect, it } from 'vitest';
import { parseStrict } from '../../src/protocol/strict-parser.js';
import { letters } from './verdict-helpers.js';

const json = (six: string, extra = '') =>
  `{"accuracy":"${six[0]}","relevance":"${six[1]}","comprehensiveness":"${six[2]}","creativity":"${six[3]}","responsiveness":"${six[4]}","overall":"${six[5]}"${extra}}`;

describe('strict parser', () => {
  const corpus: Array<[name: string, raw: string, expected: string]> = [
    ['clean JSON', json('ABABAA'), 'ABABAA'],
    ['fenced JSON', '```json\n' + json('BBBBBB') + '\n```', 'BBBBBB'],
    ['ignores a think block and its braces', `<think>Draft: {"accuracy":"A"} hmm</think>\n${json('BBBBBB')}`, 'BBBBBB'],
    ['ignores reasoning closed by a lone </think>', `A looks right... {"accuracy":"A"}</think>${json('BABABA')}`, 'BABABA'],
    ['lower-case values', json('abbbaa'), 'ABBBAA'],
    ['"Assistant B" means B', json('BBBBBB').replace(/"B"/g, '"Assistant B"'), 'BBBBBB'],
    ['[[A]] values', json('AAAAAA').replace(/"A"/g, '"[[A]]"'), 'AAAAAA'],
    ['prose "Assistant B" per dimension', 'Accuracy: Assistant B\nRelevance: Assistant B\nComprehensiveness: Assistant B\nCreativity: Assistant B\nResponsiveness: Assistant B\nOverall: Assistant B', 'BBBBBB'],
    ['bold markdown keys', '**Accuracy**: B\n**Relevance**: A\n**Comprehensiveness**: B\n**Creativity**: B\n**Responsiveness**: B\n**Overall**: B', 'BABBBB'],
    ['a refusal parses to nothing', "I'm sorry, but as a language model I cannot compare these answers.", '------'],
    ['ties are ties', json('tttttA').replace(/"t"/g, '"tie"'), 'tttttA'],
    ['missing keys fail only those dimensions', '{"accuracy":"A","relevance":"A","overall":"B"}', 'AA---B'],
    ['trailing commas are tolerated', json('AABBAA').replace(/}$/, ',}'), 'AABBAA'],
    ['a lone [[B]] is an overall verdict, not six', 'After comparing both, my verdict is [[B]]', '-----B'],
    ['a bare letter is not copied to six dimensions', 'B', '------'],
    ['CJK text around a letter finds nothing', '我认为答案A更好', '------'],
    ['"A|B" is ambiguous', json('ABABAA').replace('"A"', '"A|B"'), '-BABAA'],
    ['the last verdict object wins over an earlier example', `Format: ${json('AAAAAA')}\nMy answer: ${json('BBBBBB')}`, 'BBBBBB'],
    ['conflicting prose choices fail that dimension', 'Accuracy: A\nAccuracy: B\nRelevance: A\nComprehensiveness: A\nCreativity: A\nResponsiveness: A\nOverall: A', '-AAAAA'],
    ['a lower-case article after a colon is not a choice', 'Accuracy: a clear win for B overall', '------'],
  ];

  it.each(corpus)('%s', (_name, raw, expected) => {
    expect(letters(parseStrict(raw).verdict)).toBe(expected);
  });

  it('says why each failed dimension failed', () => {
    const { verdict } = parseStrict('{"accuracy":"A|B","overall":"B"}');
    expect(verdict.accuracy).toEqual({ failure: 'ambiguous value "A|B"' });
    expect(verdict.relevance).toEqual({ failure: 'missing' });
  });

  it('fails an output that never leaves its reasoning block', () => {
    const { verdict } = parseStrict('<think>Answer A is more accurate, so {"accuracy":"A"');
    expect(verdict.overall).toEqual({ failure: 'output ends inside an unterminated reasoning block' });
  });

  it('keeps the reason', () => {
    expect(parseStrict(json('AAAAAA', ',"reason":"names the lesion"')).reason).toBe('names the lesion');
  });
});
