package dev.cachette.demo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The demo on its embedded defaults: H2 and local-memory caches.
 *
 * @author Cachette contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LocMemDemoSiteTests extends DemoSiteTests {

}
