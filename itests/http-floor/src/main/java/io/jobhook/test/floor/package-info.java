/** The ingress load benchmark's baseline servlet (not exported). */
package io.jobhook.test.floor;
