package dev.cachette.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.cachette.web.CachePage;

/**
 * A controller for the auto-configuration tests' requests that counts its calls, so that
 * a test can tell a page served from the cache from a rendered one. {@code /cached} is a
 * {@code @CachePage} view, {@code /view} renders the {@code page} template, and
 * {@code /actuator/counted} and {@code /manage/counted} sit under the actuator's base
 * paths.
 */
@Controller
class CountingController {

	private final AtomicInteger calls = new AtomicInteger();

	/**
	 * How many times a page was rendered; public, so that a proxy of the controller
	 * answers with its target's count.
	 * @return the number of calls
	 */
	public int calls() {
		return this.calls.get();
	}

	@GetMapping({ "/page", "/actuator/counted", "/manage/counted" })
	@ResponseBody
	String page() {
		return "page " + this.calls.incrementAndGet();
	}

	@GetMapping("/cached")
	@ResponseBody
	@CachePage(timeout = 60)
	String cached() {
		return "page " + this.calls.incrementAndGet();
	}

	@GetMapping("/view")
	String view() {
		this.calls.incrementAndGet();
		return "page";
	}

}
