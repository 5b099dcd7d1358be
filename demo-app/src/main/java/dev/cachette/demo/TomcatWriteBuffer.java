package dev.cachette.demo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Lets Tomcat hand a whole cached page to the kernel in one write. Tomcat's NIO connector
 * copies a response through a per-connection buffer of 8 KB by default, one {@code write}
 * system call per 8 KB: a 48 KB page costs six calls and six copies, more than finding it
 * in the cache. {@code demo.tomcat.write-buffer} (default 64 KB) sets
 * {@code socket.appWriteBufSize}; each open connection holds one such buffer, so size it
 * for the pages served and the connections expected. 8 KB restores Tomcat's default.
 *
 * @author Cachette contributors
 */
@Component
class TomcatWriteBuffer implements TomcatConnectorCustomizer {

	private final DataSize size;

	TomcatWriteBuffer(@Value("${demo.tomcat.write-buffer:64KB}") DataSize size) {
		this.size = size;
	}

	@Override
	public void customize(org.apache.catalina.connector.Connector connector) {
		connector.setProperty("socket.appWriteBufSize", Long.toString(this.size.toBytes()));
		if (Boolean.getBoolean("demo.direct"))
			connector.setProperty("socket.directBuffer", "true");
	}

}
