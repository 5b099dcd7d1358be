package dev.cachette.demo;

import org.apache.catalina.connector.Connector;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Lets Tomcat hand a whole cached page to the kernel in one write. By default Tomcat's
 * NIO connector sends a response through an 8 KB heap buffer per connection: a 48 KB page
 * takes six {@code write} calls, and the JDK copies each chunk into a direct buffer
 * first. That costs more than finding the page in the cache. Two settings, both Tomcat's
 * own:
 * <ul>
 * <li>{@code demo.tomcat.write-buffer} (default 64 KB) sets
 * {@code socket.appWriteBufSize}: pages up to that size go out in one call;</li>
 * <li>{@code demo.tomcat.direct-buffers} (default true) sets {@code socket.directBuffer}:
 * the buffer is off-heap, so the JDK does not copy it again.</li>
 * </ul>
 * Each open connection holds one write buffer, off-heap with direct buffers (64 KB for a
 * thousand keep-alive connections is 64 MB), so size it for the pages served and the
 * connections expected. The page-cache benchmark ({@code bench/pages.sh}) measures the
 * difference; {@code --demo.tomcat.write-buffer=8KB --demo.tomcat.direct-buffers=false}
 * restores Tomcat's defaults.
 *
 * @author Cachette contributors
 */
@Component
class TomcatSocketBuffers implements TomcatConnectorCustomizer {

	private final DataSize writeBuffer;

	private final boolean directBuffers;

	TomcatSocketBuffers(@Value("${demo.tomcat.write-buffer:64KB}") DataSize writeBuffer,
			@Value("${demo.tomcat.direct-buffers:true}") boolean directBuffers) {
		this.writeBuffer = writeBuffer;
		this.directBuffers = directBuffers;
	}

	@Override
	public void customize(Connector connector) {
		connector.setProperty("socket.appWriteBufSize", Long.toString(this.writeBuffer.toBytes()));
		connector.setProperty("socket.directBuffer", Boolean.toString(this.directBuffers));
	}

}
