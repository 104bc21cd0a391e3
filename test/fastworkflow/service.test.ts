import { describe, expect, it } from 'vitest';
import { FwFailure } from '../../src/services/fastworkflow-failure.js';
import { collectFwTurn } from '../../src/services/fastworkflow-turn.js';
import { AGENT_ID, admin, alice, serviceWithFakes } from './fakes.js';

const init = { fwUserId: 'u1', agentId: AGENT_ID, context: '', showAgentTraces: true };

async function failureOf(promise: Promise<unknown>): Promise<FwFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof FwFailure)) throw new Error(`expected an FwFailure, got ${String(error)}`);
  return error;
}

describe('the fastworkflow service', () => {
  it('binds a user to an agent the caller may invoke, once: a second initialize changes nothing', async () => {
    const { service, store, loadCalls } = serviceWithFakes();
    expect(await service.initialize(alice, { ...init, context: 'ctx', showAgentTraces: false })).toEqual({ userId: 'u1' });
    expect(await service.initialize(alice, { ...init, agentId: '44444444-4444-4444-8444-444444444444', context: 'other' })).toEqual({ userId: 'u1' });
    expect(await store.getSession(alice.userId, 'u1')).toMatchObject({ agentId: AGENT_ID, context: 'ctx', showAgentTraces: false, activeConversationId: 1 });
    expect(loadCalls).toEqual([{ actor: alice, agentId: AGENT_ID, action: 'invoke' }]);
  });

  it('refuses a session for an agent the caller may not invoke', async () => {
    const { service, store } = serviceWithFakes({ agentAllowed: false });
    await expect(service.initialize(alice, init)).rejects.toThrow('not allowed');
    expect(await store.getSession(alice.userId, 'u1')).toBeNull();
  });

  it('answers the seed detail for an unknown session', async () => {
    const { service } = serviceWithFakes();
    const failure = await failureOf(service.startTurn(alice, { fwUserId: 'nobody', userQuery: 'hi', timeoutSeconds: 60 }));
    expect([failure.status, failure.detail]).toEqual([404, 'User session not found: nobody']);
  });

  it("keeps each caller's user_id apart: the same name of another caller is another session", async () => {
    const { service } = serviceWithFakes();
    await service.initialize(alice, init);
    const failure = await failureOf(service.startTurn(admin, { fwUserId: 'u1', userQuery: 'hi', timeoutSeconds: 60 }));
    expect(failure.detail).toBe('User session not found: u1');
  });

  it('starts the turn on the run engine: per-user lock, conversation thread, stripped slashes, session context', async () => {
    const { service, engine } = serviceWithFakes();
    await service.initialize(alice, { ...init, context: '{"team":"blue"}' });
    const turn = await service.startTurn(alice, { fwUserId: 'u1', userQuery: '//hello', timeoutSeconds: 9 });
    expect(engine.started[0]!.command).toMatchObject({
      message: 'hello',
      context: '{"team":"blue"}',
      threadId: 'fw-u1-1',
      surface: 'fastworkflow',
      lockKey: `fw:${alice.userId}:u1`,
      timeoutSeconds: 9,
      resetMemory: false,
      loadFromJson: false,
    });
    expect(turn).toMatchObject({ fwUserId: 'u1', workflowName: 'Demo agent', showAgentTraces: true, timeoutSeconds: 9 });
    const { output } = await collectFwTurn(turn);
    expect(output.command_responses[0]!.response).toBe('You said: hello');
  });

  it('refuses a second turn while one is in flight with the seed busy detail', async () => {
    const { service, engine } = serviceWithFakes();
    await service.initialize(alice, init);
    engine.holdRuns();
    await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'one', timeoutSeconds: 60 });
    const failure = await failureOf(service.startTurn(alice, { fwUserId: 'u1', userQuery: 'two', timeoutSeconds: 60 }));
    expect([failure.status, failure.detail]).toEqual([409, 'A turn is already in progress for user: u1']);
    engine.releaseRuns();
  });

  it('reports any other start failure as internal (detail left to the endpoint)', async () => {
    const { service, engine } = serviceWithFakes();
    await service.initialize(alice, init);
    engine.failNextStartsWith(new Error('provider down'));
    const failure = await failureOf(service.startTurn(alice, { fwUserId: 'u1', userQuery: 'x', timeoutSeconds: 60 }));
    expect([failure.status, failure.detail]).toEqual([500, null]);
  });

  it('caps timeout_seconds by the server run limit', async () => {
    const { service, engine } = serviceWithFakes();
    await service.initialize(alice, init);
    const turn = await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'x', timeoutSeconds: 5000 });
    expect(engine.started[0]!.command.timeoutSeconds).toBe(300);
    expect(turn.timeoutSeconds).toBe(300);
  });

  it('delivers the final event only after the run released the lock, so the next turn can start at once', async () => {
    const { service } = serviceWithFakes();
    await service.initialize(alice, init);
    for (const query of ['one', 'two', 'three']) {
      const { output } = await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: query, timeoutSeconds: 60 }));
      expect(output.command_responses[0]!.response).toBe(`You said: ${query}`);
    }
  });

  describe('conversations', () => {
    it('lists the active conversation once it has a turn, with empty topic and summary', async () => {
      const { service } = serviceWithFakes();
      await service.initialize(alice, init);
      expect(await service.listConversations(alice, { fwUserId: 'u1' })).toEqual([]);
      await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'create a todo', timeoutSeconds: 60 }));
      expect(await service.listConversations(alice, { fwUserId: 'u1' })).toMatchObject([{ conversationId: 1, topic: '', summary: '' }]);
    });

    it('says "No turns to save" and keeps the conversation when it has no turns', async () => {
      const { service, store } = serviceWithFakes();
      await service.initialize(alice, init);
      expect(await service.newConversation(alice, { fwUserId: 'u1' })).toEqual({ status: 'ok', message: 'No turns to save' });
      expect((await store.getSession(alice.userId, 'u1'))!.activeConversationId).toBe(1);
    });

    it('saves topic and summary, then moves to the next conversation (a new thread); topics stay unique', async () => {
      const { service, store, engine } = serviceWithFakes();
      await service.initialize(alice, init);
      for (const expectedId of [1, 2]) {
        await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'create a todo', timeoutSeconds: 60 }));
        expect(engine.started.at(-1)!.command.threadId).toBe(`fw-u1-${expectedId}`);
        expect(await service.newConversation(alice, { fwUserId: 'u1' })).toEqual({ status: 'ok' });
      }
      expect((await store.getSession(alice.userId, 'u1'))!.activeConversationId).toBe(3);
      const listed = await service.listConversations(alice, { fwUserId: 'u1' });
      expect(listed.map((c) => [c.conversationId, c.topic]).sort()).toEqual([
        [1, 'create a todo'],
        [2, 'create a todo 2'],
      ]);
      expect(listed[0]!.summary).toBe('User asked: create a todo\nLast answer: You said: create a todo');
    });

    it('activates a stored conversation (its thread is used next) and 404s an unknown one with the seed detail', async () => {
      const { service, engine } = serviceWithFakes();
      await service.initialize(alice, init);
      await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'first', timeoutSeconds: 60 }));
      await service.newConversation(alice, { fwUserId: 'u1' });
      expect(await service.activateConversation(alice, { fwUserId: 'u1', conversationId: 1 })).toEqual({ status: 'ok' });
      await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'again', timeoutSeconds: 60 }));
      expect(engine.started.at(-1)!.command.threadId).toBe('fw-u1-1');
      const failure = await failureOf(service.activateConversation(alice, { fwUserId: 'u1', conversationId: 7 }));
      expect([failure.status, failure.detail]).toEqual([404, 'Conversation not found with ID: 7']);
    });

    it('attaches feedback to the last turn of the active conversation (422 with the seed detail before any turn)', async () => {
      const { service, store, engine } = serviceWithFakes();
      await service.initialize(alice, init);
      const failure = await failureOf(service.postFeedback(alice, { fwUserId: 'u1', score: true, nlFeedback: null }));
      expect([failure.status, failure.detail]).toEqual([422, 'No turns available to give feedback on for user: u1']);
      await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'a', timeoutSeconds: 60 }));
      await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'b', timeoutSeconds: 60 }));
      expect(await service.postFeedback(alice, { fwUserId: 'u1', score: 0.5, nlFeedback: 'fine' })).toEqual({ status: 'ok' });
      expect(store.feedback).toMatchObject([{ runId: engine.started[1]!.runId, binaryOrNumericScore: 0.5, nlFeedback: 'fine', fwUserId: 'u1' }]);
    });

    it('refuses conversation changes while a turn is in flight', async () => {
      const { service, engine } = serviceWithFakes();
      await service.initialize(alice, init);
      await collectFwTurn(await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'a', timeoutSeconds: 60 }));
      engine.holdRuns();
      await service.startTurn(alice, { fwUserId: 'u1', userQuery: 'b', timeoutSeconds: 60 });
      for (const change of [
        service.newConversation(alice, { fwUserId: 'u1' }),
        service.activateConversation(alice, { fwUserId: 'u1', conversationId: 1 }),
        service.postFeedback(alice, { fwUserId: 'u1', score: 1, nlFeedback: null }),
      ]) {
        expect((await failureOf(change)).detail).toBe('A turn is already in progress for user: u1');
      }
      engine.releaseRuns();
    });
  });

  describe('acting for another user', () => {
    const aliceUser = { userId: alice.userId, email: alice.email, name: 'Alice', isAdmin: false, createdAt: new Date() };

    it('lets a platform admin address the sessions of another owner, acting as that owner', async () => {
      const { service, engine } = serviceWithFakes({ users: [aliceUser] });
      await service.initialize(alice, init);
      const turn = await service.startTurn(admin, { fwUserId: 'u1', ownerUserId: alice.userId, userQuery: 'hi', timeoutSeconds: 60 });
      await collectFwTurn(turn);
      expect(engine.started[0]!.actor).toMatchObject({ userId: alice.userId, isAdmin: false, tokenId: admin.tokenId });
      expect(engine.started[0]!.command.lockKey).toBe(`fw:${alice.userId}:u1`);
    });

    it('forbids it to everyone else, and 404s an unknown owner', async () => {
      const { service } = serviceWithFakes({ users: [aliceUser] });
      const forbidden = await failureOf(service.initialize(alice, { ...init, ownerUserId: admin.userId }));
      expect([forbidden.status, forbidden.detail]).toEqual([403, 'Only platform admins may act for another user (owner_user_id)']);
      const unknown = await failureOf(service.listConversations(admin, { fwUserId: 'u1', ownerUserId: '55555555-5555-4555-8555-555555555555' }));
      expect(unknown.status).toBe(404);
    });
  });
});
