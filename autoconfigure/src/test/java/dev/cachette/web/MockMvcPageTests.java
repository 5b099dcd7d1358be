package dev.cachette.web;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

/**
 * What the MockMvc page-cache tests share: the application's caches emptied before each
 * test, and requests that return their response, body, or the number of controller calls
 * they caused.
 */
@AutoConfigureMockMvc
abstract class MockMvcPageTests {

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected Caches caches;

	@Autowired
	protected PageCaches pageCaches;

	@BeforeEach
	void clearCaches() {
		this.caches.all().forEach(Cache::clear);
	}

	protected MockHttpServletResponse response(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn().getResponse();
	}

	protected String body(MockHttpServletRequestBuilder request) throws Exception {
		return response(request).getContentAsString();
	}

	protected int callsDuring(MockHttpServletRequestBuilder request) throws Exception {
		int before = PageTestApplication.calls.get();
		this.mvc.perform(request);
		return PageTestApplication.calls.get() - before;
	}

}
