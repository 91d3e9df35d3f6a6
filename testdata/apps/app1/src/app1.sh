#!/bin/sh
echo "hello from app1: $(cat /opt/packages/installed | wc -l) packages, $(ls /opt/lib | wc -l) libraries"
