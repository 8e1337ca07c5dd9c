package nl.poortwachter.recorder.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.media.fmp4.Fragment;
import org.junit.jupiter.api.Test;

/** Queued fragments of many subscriptions share one byte budget: lagging writers drop instead of filling the heap. */
class ByteBudgetTest {
    static Fragment fragment(long seq, boolean key) {
        return new Fragment("s", LiveFeedTest.INIT, seq, seq * 90_000, 90_000, key, seq * 1000, 25, new byte[1000]);
    }

    @Test
    void laggingSubscribersStopAtTheSharedBudgetAndGiveBytesBack() {
        ByteBudget budget = new ByteBudget(3500);
        FragmentBus a = new FragmentBus();
        FragmentBus b = new FragmentBus();
        LiveFeedTest.HeldExecutor diskA = new LiveFeedTest.HeldExecutor();
        LiveFeedTest.HeldExecutor diskB = new LiveFeedTest.HeldExecutor();
        List<Long> gotA = new ArrayList<>();
        Subscription sa = a.subscribe(listener(gotA), 100, budget, diskA);
        Subscription sb = b.subscribe(listener(new ArrayList<>()), 100, budget, diskB);
        for (long i = 0; i < 4; i++) {
            a.publish(fragment(i, i % 2 == 0));
            b.publish(fragment(i, i % 2 == 0));
        }
        assertTrue(budget.used() <= 3500, "used " + budget.used());
        assertEquals(3000, budget.used(), "a: 0, 1; b: 0 (then b's 1 does not fit; both wait for a keyframe)");
        assertTrue(sa.dropped() + sb.dropped() > 0);
        diskA.release();
        assertEquals(List.of(0L, 1L), gotA);
        assertEquals(1000, budget.used(), "a's delivered fragments gave their bytes back");
        a.publish(fragment(4, true));
        assertEquals(List.of(0L, 1L, 4L), gotA, "a resumes at the next keyframe");
        sb.close();
        assertEquals(0, budget.used(), "closing gives back what was never delivered");
    }

    static FragmentListener listener(List<Long> got) {
        return new FragmentListener() {
            @Override
            public void onFragment(Fragment f) {
                got.add(f.sequence());
            }

            @Override
            public void onSessionEnd(String sessionId) {
            }
        };
    }
}
