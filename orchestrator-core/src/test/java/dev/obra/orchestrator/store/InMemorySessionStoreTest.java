package dev.obra.orchestrator.store;

/** The store contract against the in-memory store. */
class InMemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore createStore() {
        return new InMemorySessionStore();
    }
}
