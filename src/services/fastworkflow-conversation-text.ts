/** Deterministic topic and summary of a conversation (the seed asks an LLM; we need no model for this). */

const TOPIC_WORDS = 6;
const TOPIC_MAX_CHARS = 80;
const SUMMARY_QUESTION_CHARS = 200;
const SUMMARY_ANSWER_CHARS = 300;

function truncate(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 1).trimEnd()}…`;
}

/** The first words of the first user message, without trailing punctuation. */
export function topicOf(firstUserMessage: string): string {
  const words = firstUserMessage.trim().split(/\s+/).filter(Boolean).slice(0, TOPIC_WORDS).join(' ');
  const topic = truncate(words, TOPIC_MAX_CHARS).replace(/[\s.,;:!?…-]+$/u, '');
  return topic === '' ? 'Conversation' : topic;
}

const normalized = (topic: string) => topic.toLowerCase().replace(/\s+/g, ' ').trim();

/** Unique among the user's other topics (case- and whitespace-insensitive), with " 2", " 3", … as the seed does. */
export function uniqueTopic(topic: string, otherTopics: string[]): string {
  const taken = new Set(otherTopics.map(normalized));
  if (!taken.has(normalized(topic))) return topic;
  for (let n = 2; ; n++) {
    const candidate = `${topic} ${n}`;
    if (!taken.has(normalized(candidate))) return candidate;
  }
}

export function summaryOf(firstUserMessage: string, lastAnswer: string): string {
  const question = truncate(firstUserMessage, SUMMARY_QUESTION_CHARS) || '(empty message)';
  const answer = truncate(lastAnswer, SUMMARY_ANSWER_CHARS) || '(no answer)';
  return `User asked: ${question}\nLast answer: ${answer}`;
}
