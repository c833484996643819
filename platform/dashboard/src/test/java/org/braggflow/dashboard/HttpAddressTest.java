package org.braggflow.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpAddressTest {

    @Test
    void aPortAloneListensOnLocalhostOnly() {
        HttpAddress a = HttpAddress.parse("8080");
        assertEquals(new HttpAddress("127.0.0.1", 8080), a);
        assertTrue(a.loopback(), "no token is asked for on localhost");
        assertEquals("http://127.0.0.1:8080/", a.url());
    }

    @Test
    void aHostBeyondLoopbackNeedsTheToken() {
        HttpAddress a = HttpAddress.parse("0.0.0.0:9000");
        assertEquals("0.0.0.0", a.host());
        assertFalse(a.loopback());
        HttpAddress v6 = HttpAddress.parse("[::1]:9000");
        assertEquals("::1", v6.host());
        assertTrue(v6.loopback());
        assertEquals("http://[::1]:9000/", v6.url());
    }

    @Test
    void badSpecificationsNameWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpAddress.parse("localhost:http")).getMessage()
                .contains("'http' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpAddress.parse("70000")).getMessage().contains("1 to 65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpAddress.parse(":80")).getMessage().contains("host"));
    }
}
