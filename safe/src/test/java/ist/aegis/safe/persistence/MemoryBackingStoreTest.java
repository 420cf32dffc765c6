package ist.aegis.safe.persistence;

class MemoryBackingStoreTest extends BackingStoreContractTest {

    private MemoryBackingStore last;

    @Override
    BackingStore newStore() {
        last = new MemoryBackingStore();
        return last;
    }

    @Override
    BackingStore reopenStore() {
        return last.reopen();
    }
}
