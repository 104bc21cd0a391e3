import { describe, expect, it } from 'vitest';
import { summaryOf, topicOf, uniqueTopic } from '../../src/services/fastworkflow-conversation-text.js';

describe('conversation topics and summaries', () => {
  it('takes the first six words of the first message as the topic, without trailing punctuation', () => {
    expect(topicOf('  Please create a todo for   tomorrow morning at nine.')).toBe('Please create a todo for tomorrow');
    expect(topicOf('Hello there!')).toBe('Hello there');
    expect(topicOf('   ')).toBe('Conversation');
  });

  it('makes a topic unique per user with " 2", " 3", ignoring case and spacing', () => {
    expect(uniqueTopic('Create a todo', [])).toBe('Create a todo');
    expect(uniqueTopic('Create a todo', ['create  a TODO'])).toBe('Create a todo 2');
    expect(uniqueTopic('Create a todo', ['Create a todo', 'Create a todo 2'])).toBe('Create a todo 3');
  });

  it('summarises the first question and the last answer, truncated', () => {
    expect(summaryOf('create a todo', 'Done.')).toBe('User asked: create a todo\nLast answer: Done.');
    const long = summaryOf('q', 'a'.repeat(1000));
    expect(long.length).toBeLessThan(400);
    expect(long.endsWith('…')).toBe(true);
  });
});
